import net from 'node:net';

/**
 * A TCP relay between a host and its database that a spec can cut: `cut()` drops every open
 * connection and refuses new ones (what a desk sees when the network or the server goes away);
 * `restore()` lets connections through again.
 */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      open = false;
      sockets.forEach((s) => s.destroy());
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
