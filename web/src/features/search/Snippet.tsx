/** A highlighted snippet: the server's parts as text nodes, hits in <mark> (never innerHTML). */
import type { SnippetPart } from './types.js';

export function Snippet({ parts }: { parts: SnippetPart[] }) {
  let offset = 0;
  return (
    <>
      {parts.map((p) => {
        const key = offset; // where the part starts in the snippet's text: unique, and the same on every render
        offset += p.text.length;
        return p.hit ? <mark key={key}>{p.text}</mark> : <span key={key}>{p.text}</span>;
      })}
    </>
  );
}
