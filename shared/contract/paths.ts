/**
 * The type machinery of the route table (routes.ts): a route is named `'<METHOD> <path>'`, exactly as the server
 * mounts it, and its path parameters are read off the path. Types only: nothing here reaches a bundle.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A download (PDF, CSV, calendar): its address comes from the table, its body is a file, not JSON. */
export interface FileAnswer {
  readonly kind: 'file';
}

/** An upload: the request's body is a file's bytes as they are (the server reads their type), not JSON. */
export type Upload = Blob;

/**
 * One route: what it answers on success (`null` for 204), and its JSON body and query string, if it takes them; or,
 * instead of a JSON body, a `file` sent as its bytes (an upload).
 */
export interface RouteSpec {
  res: unknown;
  body?: unknown;
  query?: unknown;
  file?: Upload;
}

type Segment<S extends string> = S extends `:${infer Name}` ? Name : never;
/** The parameter names of a path: '/api/meetings/:meetingId/agenda/:itemId' → 'meetingId' | 'itemId'. */
export type ParamNames<P extends string> = P extends `${infer Head}/${infer Rest}` ? Segment<Head> | ParamNames<Rest> : Segment<P>;

export type MethodOf<K extends string> = K extends `${infer M extends Method} ${string}` ? M : never;
export type PathOf<K extends string> = K extends `${Method} ${infer P}` ? P : never;

/** What a call of the route takes: `params` when its path has any, `body` and `query` when the table names them. */
export type RouteInput<K extends string, R extends RouteSpec> = ([ParamNames<PathOf<K>>] extends [never]
  ? { params?: undefined }
  : { params: { [N in ParamNames<PathOf<K>>]: string } }) &
  (R extends { body: infer B } ? { body: B } : { body?: undefined }) &
  (R extends { query: infer Q } ? { query: Q } : { query?: undefined }) &
  (R extends { file: infer F } ? { file: F } : { file?: undefined });
