import type { AppConfig, Features } from './types';

const REQUIRED: (keyof AppConfig)[] = [
  'region',
  'userPoolId',
  'clientId',
  'cognitoEndpoint',
  'restUrl',
  'wsUrl',
];

/** Where the unauthenticated runtime config lives (same origin as the app). */
export const CONFIG_URL: string =
  (import.meta.env?.VITE_CONFIG_URL as string | undefined) ?? '/api/config';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validate an untyped JSON value as an AppConfig. */
export function parseConfig(raw: unknown): AppConfig {
  if (!raw || typeof raw !== 'object') throw new ConfigError('Config is not an object');
  const obj = raw as Record<string, unknown>;
  for (const key of REQUIRED) {
    if (typeof obj[key] !== 'string') {
      throw new ConfigError(`Config is missing "${key}"`);
    }
  }
  return {
    region: obj.region as string,
    userPoolId: obj.userPoolId as string,
    clientId: obj.clientId as string,
    cognitoEndpoint: obj.cognitoEndpoint as string,
    restUrl: (obj.restUrl as string).replace(/\/+$/, ''),
    wsUrl: (obj.wsUrl as string).replace(/\/+$/, ''),
    features: parseFeatures(obj.features),
  };
}

/** The server's defaults stand in for a missing or malformed flag (a server older than feature flags). */
export const DEFAULT_FEATURES: Features = {
  fileUpload: false,
  push: false,
  reactions: true,
  voice: false,
  maxFileSizeBytes: 10485760,
  messageRetentionDays: 90,
};

function parseFeatures(raw: unknown): Features {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const features = { ...DEFAULT_FEATURES };
  for (const key of Object.keys(DEFAULT_FEATURES) as (keyof Features)[]) {
    const value = obj[key];
    if (typeof value === typeof DEFAULT_FEATURES[key]) (features as Record<string, unknown>)[key] = value;
  }
  return features;
}

export async function loadConfig(
  fetchImpl: typeof fetch = (...args) => fetch(...args),
  url: string = CONFIG_URL,
): Promise<AppConfig> {
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ConfigError('Could not reach the server to load configuration.');
  }
  if (!res.ok) throw new ConfigError(`Loading configuration failed (HTTP ${res.status}).`);
  return parseConfig(await res.json());
}
