/** Entry point: read config, start, stop cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig, publicOriginOf, type Config } from './config.js';
import { log } from './observability/log.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      // Before the logger is configured, and for a person reading the terminal or the service's journal.
      console.error(`${err.message}\nSamråd did not start. The settings are described in docs/deploy.md and README.md.`);
      process.exit(2);
    }
    throw err;
  }
  const server = await startServer(config);
  console.log(`Samråd kører på ${publicOriginOf(config, server.port)}`);
  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info('server_stopping', { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close().then(
      () => process.exit(exitCode),
      (err) => {
        log.error('shutdown_failed', { err: (err as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A bug must not leave the embedded database running or updates unstored.
  process.on('uncaughtException', (err) => {
    log.error('uncaught_exception', { err: err.message });
    stop('uncaughtException', 1);
  });
  process.on('unhandledRejection', (err) => {
    log.error('unhandled_rejection', { err: (err as Error)?.message });
    stop('unhandledRejection', 1);
  });
}

main().catch((err) => {
  log.error('startup_failed', { err: (err as Error).message });
  process.exit(1);
});
