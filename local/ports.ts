import { createServer } from 'node:net';

/** A port the OS says is free now, so `npm start`, `npm test` and a second `npm start` run side by side. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Fails with one clear line when a port the user asked for is taken. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', () => reject(new Error(`${what}: port ${port} is in use; set another or stop what holds it`)));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}
