import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Live-stream clients that send their request and then never read a byte, over raw TCP sockets with
 * a small receive buffer.
 *
 * Why Perl: Node cannot set SO_RCVBUF or TCP_MAXSEG on a TCP socket, and on loopback (64 KiB segments)
 * the kernel would otherwise soak up megabytes for a client that does not read before the server
 * sees any backpressure. A 4 KiB receive buffer and 536-byte segments keep the kernel's share to tens
 * of kilobytes, as with a stalled client across the internet. Perl and its Socket module are part of
 * every Debian system (perl-base is essential), so this needs nothing installed.
 */
const SCRIPT = String.raw`
use strict;
use Socket qw(PF_INET SOCK_STREAM SOL_SOCKET SO_RCVBUF IPPROTO_TCP TCP_MAXSEG pack_sockaddr_in unpack_sockaddr_in inet_aton);
$| = 1;
my ($port, $count, $request) = @ARGV;
my @sockets;
for (1 .. $count) {
  socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
  setsockopt($s, SOL_SOCKET, SO_RCVBUF, 4096) or die "SO_RCVBUF: $!";
  setsockopt($s, IPPROTO_TCP, TCP_MAXSEG, 536) or die "TCP_MAXSEG: $!";
  connect($s, pack_sockaddr_in($port, inet_aton('127.0.0.1'))) or die "connect: $!";
  defined(syswrite($s, $request)) or die "write: $!";
  my ($local_port) = unpack_sockaddr_in(getsockname($s));
  print "connected $local_port\n";
  push @sockets, $s;
}
print "ready\n";
# Hold the sockets until the test closes our standard input (or dies): never read from them.
my $until_eof = <STDIN>;
`;

export type StalledClients = { localPorts: number[]; close: () => void };

/** Opens `count` stream connections to 127.0.0.1:`port` that never read. Closing kills the holder process. */
export async function openStalledStreamClients(
  port: number,
  path: string,
  headers: Record<string, string>,
  count: number,
): Promise<StalledClients> {
  const request = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Accept: text/event-stream',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  const child = spawn('perl', ['-e', SCRIPT, String(port), String(count), request], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const localPorts = await new Promise<number[]>((resolve, reject) => {
    const ports: number[] = [];
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('connected ')) ports.push(Number(line.slice(10)));
        if (line === 'ready') resolve(ports);
      }
    });
    child.once('exit', (code) => reject(new Error(`stalled clients exited with ${code}: ${out}`)));
  });
  return { localPorts, close: () => void child.kill('SIGKILL') };
}

/** TCP states of /proc/net/tcp by their kernel number. */
const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

/**
 * The kernel's view of loopback connections from `localPort` to `remotePort` (IPv4): the states of the
 * socket whose local end is `localPort`. Empty once that end has been closed and released, e.g. by a
 * reset from the peer.
 */
export function tcpStates(localPort: number, remotePort: number): string[] {
  const hex = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hex(localPort)}`) && f[2]?.endsWith(`:${hex(remotePort)}`))
    .map((f) => TCP_STATES[f[3]!] ?? f[3]!);
}
