import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { msg } from '../testing/messages';
import { MessageItem } from './MessageItem';

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

describe('lookalike names', () => {
  const base = {
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

  it('a flagged sender gets a visible warning badge next to the name', () => {
    const html = renderToStaticMarkup(createElement(MessageItem, { ...base, m: msg(1, { username: 'аlice', lookalike: true }) }));
    expect(html).toContain('data-testid="lookalike-badge"');
    expect(html).toContain('lookalike');
  });

  it('an ordinary sender gets none', () => {
    const html = renderToStaticMarkup(createElement(MessageItem, { ...base, m: msg(1) }));
    expect(html).not.toContain('lookalike-badge');
  });
});
