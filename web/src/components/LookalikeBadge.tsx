/** Shown next to a name the server flagged `lookalike`: it mixes alphabets (a Cyrillic "а" in
 * "аlice") or reads like the name of someone who signed up earlier. */
export function LookalikeBadge({ name }: { name: string }) {
  return (
    <span
      className="badge badge-lookalike"
      data-testid="lookalike-badge"
      title={`"${name}" mixes alphabets or looks like another user's name`}
    >
      <span aria-hidden="true">⚠ </span>lookalike<span className="sr-only"> name: {name} may not be who you think</span>
    </span>
  );
}
