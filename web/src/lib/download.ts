/** File downloads (minutes, access requests, hand-over packets) with progress, through a short-lived blob URL. */
import { ApiRequestError, errorOf } from './http.js';

/**
 * Downloads a file with progress and hands it to the browser through a blob
 * URL that is revoked shortly after. Nothing is kept in browser storage. `path`
 * is an address of the contract (`api.*Url`, routeUrl); a refusal is an
 * ApiRequestError with the server's code, as for every other call.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  onProgress: (received: number, total: number) => void,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiRequestError(0, 'network');
  }
  if (!res.ok) throw await errorOf(res);
  if (!res.body) throw new ApiRequestError(res.status, 'unknown');
  const total = Number(res.headers.get('Content-Length')) || 0;
  const reader = res.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    received += value.length;
    onProgress(received, total);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream';
  const url = URL.createObjectURL(new Blob(chunks, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
