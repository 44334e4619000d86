import type { Mention } from '../api/types';
import { mentionSegments } from '../features/mentions/mentions';

/** A message's text with its mentions marked; mentions of me stand out. */
export function MentionedText({ content, mentions, myUserId }: { content: string; mentions: Mention[]; myUserId: string | null }) {
  return (
    <>
      {mentionSegments(content, mentions, myUserId).map((seg, i) =>
        'mention' in seg ? (
          <mark key={i} className={`mention${seg.mine ? ' mention-me' : ''}`} data-testid={seg.mine ? 'mention-me' : 'mention'}>
            {seg.text}
          </mark>
        ) : (
          seg.text
        ),
      )}
    </>
  );
}
