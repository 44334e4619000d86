import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageItem } from '../components/MessageItem';
import { msg } from '../testing/messages';
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

describe('MessageItem reactions', () => {
  const props = {
    m: msg(1, { reactions: [{ emoji: '👍', count: 1, mine: false }] }),
    mine: false,
    canDelete: false,
    receipt: null,
    pinned: null,
    highlighted: false,
    myUserId: 'u2',
    onEdit: async () => true,
    onDelete: () => {},
    onPin: () => {},
  };

  it('shows the reaction bar while reactions are on', () => {
    const html = renderToStaticMarkup(createElement(MessageItem, { ...props, onReact: () => {} }));
    expect(html).toContain('👍');
  });

  it('hides it when the server turned reactions off', () => {
    const html = renderToStaticMarkup(createElement(MessageItem, { ...props, onReact: undefined }));
    expect(html).not.toContain('👍');
  });
});
