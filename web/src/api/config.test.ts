import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, parseConfig } from './config';

const BASE = {
  region: 'us-east-1',
  userPoolId: 'p',
  clientId: 'c',
  cognitoEndpoint: 'http://cognito/',
  restUrl: 'http://rest/api/',
  wsUrl: 'ws://ws/',
};

describe('parseConfig features', () => {
  it('reads the server flags', () => {
    const features = { ...DEFAULT_FEATURES, reactions: false, voice: true, maxFileSizeBytes: 2048 };
    expect(parseConfig({ ...BASE, features }).features).toEqual(features);
  });

  it('falls back to the defaults for a server without flags, and for malformed ones', () => {
    expect(parseConfig(BASE).features).toEqual(DEFAULT_FEATURES);
    expect(parseConfig({ ...BASE, features: { reactions: 'no', push: 1 } }).features).toEqual(DEFAULT_FEATURES);
  });
});
