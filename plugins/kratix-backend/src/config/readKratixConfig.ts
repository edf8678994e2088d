import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import type {
  KratixDryRunMode,
  KratixImpersonationConfig,
  KratixWriteAs,
} from '@kratix-backstage/plugin-kratix-node';
import { BackendAuthStrategies } from '../cluster/auth/BackendAuthStrategies';
import { DEFAULT_IMPERSONATION } from '../identity/impersonationFor';
import {
  checkIdentityTemplate,
  hasControlCharacters,
} from '../identity/templates';
import { type ConnectionContext, readConnection } from './readConnection';
import type { KratixConfig, PlatformConfig, WorkerConfig } from './types';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DEFAULT_TIMEOUT_MS = 10_000;
const DRY_RUN_MODES: KratixDryRunMode[] = ['auto', 'kratix', 'server'];
const WRITE_AS: KratixWriteAs[] = ['service', 'user'];

/**
 * Options of {@link readKratixConfig}.
 *
 * @public
 */
export interface ReadKratixConfigOptions {
  /** For the messages of the Kubernetes plugin's azure auth strategy. */
  logger?: LoggerService;
  /**
   * Auth strategies for clusters of the Kubernetes plugin, by auth provider name: a
   * strategy you added to the Kubernetes plugin (`kubernetesAuthStrategyExtensionPoint`),
   * or one that replaces the Kubernetes plugin's for that name. Its credentials are
   * asked again every minute, and at once when the API server refuses one.
   */
  authStrategies?: Record<string, AuthenticationStrategy>;
}

/**
 * Parses the `kratix` config once, at start-up. Every error names the config key.
 *
 * @public
 */
export function readKratixConfig(
  root: Config,
  options: ReadKratixConfigOptions = {},
): KratixConfig {
  const context: ConnectionContext = {
    root,
    strategies: new BackendAuthStrategies({
      config: root,
      logger: options.logger,
      custom: options.authStrategies,
    }),
  };
  const kratix = root.getOptionalConfig('kratix');
  const platforms = (kratix?.getOptionalConfigArray('platforms') ?? []).map(
    (p, i) => readPlatform(p, `kratix.platforms[${i}]`, context),
  );

  const seen = new Set<string>();
  platforms.forEach((p, i) => {
    if (seen.has(p.name)) {
      throw new Error(
        `Invalid Kratix config at 'kratix.platforms[${i}].name': '${p.name}' is used twice`,
      );
    }
    seen.add(p.name);
  });
  return { platforms };
}

function readName(
  config: Config,
  key: string,
  fullKey: string,
  pattern: RegExp,
): string {
  const value = config.getString(key);
  if (!pattern.test(value)) {
    const dot = pattern === DNS_SUBDOMAIN ? " or '.'" : '';
    throw new Error(
      `Invalid Kratix config at '${fullKey}': '${value}' must be lower-case letters, digits and '-'${dot}, starting and ending with a letter or digit`,
    );
  }
  return value;
}

function readPlatform(
  config: Config,
  key: string,
  context: ConnectionContext,
): PlatformConfig {
  const name = readName(config, 'name', `${key}.name`, DNS_LABEL);
  const requestTimeoutMs =
    config.getOptionalNumber('requestTimeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs <= 0) {
    throw new Error(
      `Invalid Kratix config at '${key}.requestTimeoutMs': must be a positive whole number of milliseconds`,
    );
  }
  const workers = (config.getOptionalConfigArray('workers') ?? []).map((w, i) =>
    readWorker(w, `${key}.workers[${i}]`, context),
  );
  const names = new Set<string>();
  workers.forEach((w, i) => {
    if (names.has(w.name)) {
      throw new Error(
        `Invalid Kratix config at '${key}.workers[${i}].name': '${w.name}' is used twice`,
      );
    }
    names.add(w.name);
  });
  const dryRun = config.getOptionalString('dryRun') ?? 'auto';
  if (!DRY_RUN_MODES.includes(dryRun as KratixDryRunMode)) {
    throw new Error(
      `Invalid Kratix config at '${key}.dryRun': '${dryRun}' must be auto, kratix or server`,
    );
  }
  const writeAs = config.getOptionalString('writeAs') ?? 'service';
  if (!WRITE_AS.includes(writeAs as KratixWriteAs)) {
    throw new Error(
      `Invalid Kratix config at '${key}.writeAs': '${writeAs}' must be service or user`,
    );
  }
  return {
    name,
    title: config.getOptionalString('title') ?? name,
    connection: readConnection(config, key, context),
    requestTimeoutMs,
    dryRun: dryRun as KratixDryRunMode,
    writeAs: writeAs as KratixWriteAs,
    impersonation: readImpersonation(config, key),
    workers,
  };
}

/** `impersonation`: how a Backstage user is named to Kubernetes when writing as the user. */
function readImpersonation(
  config: Config,
  key: string,
): KratixImpersonationConfig {
  const section = config.getOptionalConfig('impersonation');
  const template = (name: 'userTemplate' | 'groupTemplate') => {
    const value =
      section?.getOptionalString(name) ?? DEFAULT_IMPERSONATION[name];
    const problem = checkIdentityTemplate(value);
    if (problem) {
      throw new Error(
        `Invalid Kratix config at '${key}.impersonation.${name}': '${value}' ${problem}`,
      );
    }
    return value;
  };
  const groupPrefix =
    section?.getOptionalString('groupPrefix') ??
    DEFAULT_IMPERSONATION.groupPrefix;
  if (hasControlCharacters(groupPrefix)) {
    throw new Error(
      `Invalid Kratix config at '${key}.impersonation.groupPrefix': must not contain control characters (it becomes an HTTP header)`,
    );
  }
  return {
    userTemplate: template('userTemplate'),
    groupTemplate: template('groupTemplate'),
    groupPrefix,
  };
}

function readWorker(
  config: Config,
  key: string,
  context: ConnectionContext,
): WorkerConfig {
  return {
    name: readName(config, 'name', `${key}.name`, DNS_LABEL),
    destination: readName(
      config,
      'destination',
      `${key}.destination`,
      DNS_SUBDOMAIN,
    ),
    connection: readConnection(config, key, context),
  };
}
