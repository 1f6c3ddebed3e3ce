import { buildBigDoc } from '../harness/bigdoc.js';
import * as Y from 'yjs';
let t = performance.now();
const u = buildBigDoc();
console.log('build ms', performance.now() - t, 'bytes', u.byteLength);
globalThis.gc?.(); const h0 = process.memoryUsage().heapUsed;
const docs = [];
for (let i = 0; i < 20; i++) { const d = new Y.Doc(); t = performance.now(); Y.applyUpdate(d, u); if (i===0) console.log('apply ms', performance.now()-t, 'len', d.getText('content').length); docs.push(d); }
globalThis.gc?.(); console.log('heap per doc MB', (process.memoryUsage().heapUsed - h0) / 20 / 1e6);
t = performance.now(); Y.encodeStateAsUpdate(docs[0]); console.log('encode ms', performance.now()-t);
