/**
 * Limits shared by server and browser. The server enforces them; the browser
 * reads them to warn before a user hits one.
 */
export const LIMITS = {
  /** Largest single websocket message the collaboration server accepts. */
  maxMessageBytes: 1024 * 1024,
  /** Largest encoded Yjs document state the server will hold or store. */
  maxDocumentBytes: 16 * 1024 * 1024,
  /**
   * Bytes a socket may have queued but not yet sent. A client that falls this
   * far behind is disconnected (it re-syncs on reconnect) instead of growing
   * server memory without bound.
   */
  maxOutboundBufferBytes: 8 * 1024 * 1024,
  /**
   * Per-connection rates on the collaboration socket (P11), as token buckets:
   * `burst` at once, refilled at `perSecond`. A fast typist sends ~15 updates
   * a second and a paste is one update; a flood of thousands is closed.
   */
  updateRate: { burst: 1000, perSecond: 200 },
  updateBytes: { burst: 16 * 1024 * 1024, perSecond: 4 * 1024 * 1024 },
  awarenessRate: { burst: 400, perSecond: 100 },
  /**
   * Updates in a row that miss what they build on (P8) before the connection is closed: a stock client that
   * typed while reconnecting sends a few before its sync step 2 catches the server up; a flood sends many.
   */
  maxMissingUpdates: 64,
  /** Largest JSON request body on any HTTP route. */
  maxJsonBodyBytes: 64 * 1024,
} as const;
