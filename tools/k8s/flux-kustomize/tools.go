//go:build tools

// Package tools pins Flux's kustomize-controller (its main package) that
// scripts/k8s-binaries.sh builds.
package tools

import (
	_ "github.com/fluxcd/kustomize-controller"
)
