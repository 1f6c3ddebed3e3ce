/**
 * Writing a case's Yjs document as the case page does (the shapes of shared/caseDoc.ts), through a member's own
 * provider over the real websocket, so that the server binds and attributes what each member typed.
 */
import crypto from 'node:crypto';
import * as Y from 'yjs';
import { connectProvider, synced, wsTokenAs, type TestProvider } from './clients.js';
import type { TestServer } from './server.js';

/**
 * A member connected to a case document and synced. `open` keeps the provider, so that the test's afterAll can
 * destroy every one it opened: `for (const p of open.splice(0)) p.destroy()`.
 */
export async function connectWriter(server: TestServer, email: string, docName: string, open: TestProvider[]): Promise<TestProvider> {
  const p = connectProvider(server.wsUrl, docName, { token: await wsTokenAs(server, email) });
  open.push(p);
  await synced(p);
  return p;
}

/** An entry of one of the document's lists (a Signs of Safety point, a network person, an action): a fresh id and its fields. */
export const entry = (fields: Record<string, unknown>) => new Y.Map<unknown>([['id', crypto.randomUUID()], ...Object.entries(fields)]);

/** A paragraph of the concern note, as the editor's ProseMirror binding keeps it in the 'prosemirror' fragment. */
export const paragraph = (text: string) => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};
