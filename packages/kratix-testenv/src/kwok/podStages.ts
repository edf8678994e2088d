import {
  FAIL_CONTAINER_ANNOTATION as FAIL_CONTAINER,
  FAIL_EXIT_CODE_ANNOTATION as FAIL_EXIT_CODE,
} from '@kratix-backstage/kratix-simulation';

/**
 * Annotation that makes KWOK fail a Pod: its value names the container that fails. Init
 * containers before it complete (exit code 0), it terminates with the exit code of
 * {@link EXIT_CODE_ANNOTATION} (reason `Error`), later init containers and all app
 * containers never start, and the Pod goes from Pending to `Failed`. Naming an app
 * container instead lets every init container complete and fails that container.
 */
export const FAIL_CONTAINER_ANNOTATION = FAIL_CONTAINER;

/** Exit code of the failing container (default 1). Must be an integer. */
export const EXIT_CODE_ANNOTATION = FAIL_EXIT_CODE;

/**
 * How long a Job's Pod stays Running before it succeeds, as a Go duration (`"1500ms"`,
 * `"2s"`). Default: it succeeds at once.
 */
export const RUN_DURATION_ANNOTATION = 'testenv.kratix.io/run-duration';

const notDeleting = `
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'`;

const podIps = `
      {{ with NodeIPWith .spec.nodeName }}
      hostIP: {{ . | Quote }}
      hostIPs:
      - ip: {{ . | Quote }}
      {{ end }}
      {{ with PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      podIP: {{ . | Quote }}
      podIPs:
      - ip: {{ . | Quote }}
      {{ end }}`;

/**
 * KWOK Stages for Pods, written for this environment (Nodes and Pod deletion use KWOK's
 * upstream stage files):
 *
 * - `testenv-pod-start`: a Pending Pod without {@link FAIL_CONTAINER_ANNOTATION} gets every
 *   init container terminated (exit 0, `Completed`, startedAt/finishedAt set), its app
 *   containers running, the Ready conditions, IPs and phase `Running`, at once.
 * - `testenv-pod-complete`: a Running Pod owned by a Job (and not annotated to fail) gets
 *   its app containers terminated (exit 0, `Completed`, startedAt kept from the running
 *   state) and phase `Succeeded`, after {@link RUN_DURATION_ANNOTATION} (default 0).
 * - `testenv-pod-fail`: a Pending Pod with {@link FAIL_CONTAINER_ANNOTATION} goes to
 *   `Failed` as that annotation describes.
 */
/**
 * Set by the environment's pipeline runner once it has run a Pod's containers (real
 * Kratix mode): until then KWOK leaves the Pod Pending, then starts, completes or fails it
 * as the other annotations say.
 */
export const PIPELINE_RAN_ANNOTATION = 'testenv.kratix.io/pipeline-ran';

export const POD_STAGES_YAML = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: testenv-pod-start
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:${notDeleting}
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']
    - key: '.metadata.annotations["${FAIL_CONTAINER_ANNOTATION}"]'
      operator: 'DoesNotExist'
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: PodReadyToStartContainers
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: ContainersReady
      {{ if .spec.initContainers }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - image: {{ .image | Quote }}
        imageID: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
      {{ end }}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        imageID: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        started: true
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}${podIps}
      phase: Running
      startTime: {{ $now | Quote }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: testenv-pod-complete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:${notDeleting}
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.metadata.ownerReferences.[].kind'
      operator: 'In'
      values: ['Job']
    - key: '.metadata.annotations["${FAIL_CONTAINER_ANNOTATION}"]'
      operator: 'DoesNotExist'
  delay:
    durationMilliseconds: 0
    durationFrom:
      expressionFrom: '.metadata.annotations["${RUN_DURATION_ANNOTATION}"]'
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $root := . }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: PodReadyToStartContainers
      - lastTransitionTime: {{ $now | Quote }}
        reason: PodCompleted
        status: "False"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        reason: PodCompleted
        status: "False"
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      {{ $name := .name }}
      {{ $startedAt := $now }}
      {{ range $root.status.containerStatuses }}
      {{ if and ( eq .name $name ) .state.running }}
      {{ $startedAt = .state.running.startedAt }}
      {{ end }}
      {{ end }}
      - image: {{ .image | Quote }}
        imageID: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $startedAt | Quote }}
            finishedAt: {{ $now | Quote }}
      {{ end }}
      phase: Succeeded
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: testenv-pod-fail
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:${notDeleting}
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.metadata.annotations["${FAIL_CONTAINER_ANNOTATION}"]'
      operator: 'Exists'
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $failName := index .metadata.annotations "${FAIL_CONTAINER_ANNOTATION}" }}
      {{ $exitCode := or ( index .metadata.annotations "${EXIT_CODE_ANNOTATION}" ) "1" }}
      {{ $inInit := false }}
      {{ range .spec.initContainers }}{{ if eq .name $failName }}{{ $inInit = true }}{{ end }}{{ end }}
      {{ $inApp := false }}
      {{ range .spec.containers }}{{ if eq .name $failName }}{{ $inApp = true }}{{ end }}{{ end }}
      {{ if not ( or $inInit $inApp ) }}{{ $failName = ( index .spec.containers 0 ).name }}{{ end }}
      {{ $pending := "" }}
      {{ $seen := false }}
      {{ range .spec.initContainers }}{{ if $seen }}{{ $pending = printf "%s %s" $pending .name }}{{ end }}{{ if eq .name $failName }}{{ $seen = true }}{{ $pending = printf "%s %s" $pending .name }}{{ end }}{{ end }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: PodReadyToStartContainers
      {{ if $inInit }}
      - lastTransitionTime: {{ $now | Quote }}
        message: {{ printf "containers with incomplete status: [%s]" ( trim $pending ) | Quote }}
        reason: ContainersNotInitialized
        status: "False"
        type: Initialized
      {{ else }}
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      {{ end }}
      - lastTransitionTime: {{ $now | Quote }}
        reason: PodFailed
        status: "False"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        reason: PodFailed
        status: "False"
        type: ContainersReady
      {{ $failed := false }}
      {{ if .spec.initContainers }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - image: {{ .image | Quote }}
        imageID: {{ .image | Quote }}
        name: {{ .name | Quote }}
        restartCount: 0
        started: false
        {{ if $failed }}
        ready: false
        state:
          waiting:
            reason: PodInitializing
        {{ else if eq .name $failName }}
        {{ $failed = true }}
        ready: false
        state:
          terminated:
            exitCode: {{ $exitCode }}
            reason: Error
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
        {{ else }}
        ready: true
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
        {{ end }}
      {{ end }}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        imageID: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        restartCount: 0
        started: false
        {{ if $failed }}
        state:
          waiting:
            reason: PodInitializing
        {{ else if eq .name $failName }}
        state:
          terminated:
            exitCode: {{ $exitCode }}
            reason: Error
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
        {{ else }}
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
        {{ end }}
      {{ end }}${podIps}
      phase: Failed
      startTime: {{ $now | Quote }}
`;

/** {@link POD_STAGES_YAML}, with Pods held Pending until `gate` names an annotation they carry. */
export function podStagesYaml(options: { gate?: string } = {}): string {
  if (!options.gate) return POD_STAGES_YAML;
  const gate = `
    - key: '.metadata.annotations["${options.gate}"]'
      operator: 'Exists'`;
  return POD_STAGES_YAML.split('\n---\n')
    .map(stage =>
      /name: testenv-pod-(start|fail)\n/.test(stage)
        ? stage.replace(
            `matchExpressions:${notDeleting}`,
            `matchExpressions:${notDeleting}${gate}`,
          )
        : stage,
    )
    .join('\n---\n');
}
