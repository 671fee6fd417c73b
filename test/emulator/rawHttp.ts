import { connect, type Socket } from 'node:net';

// fetch (and node:http's client) refuse to send what a hostile client sends: a
// bad Host, TRACE, CONNECT, two Host lines, a request line of garbage. This
// speaks HTTP/1.1 over a plain socket instead, and reads one answer back.

export interface RawAnswer {
  readonly status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Whether the server closed the connection (within a second of answering). */
  readonly closed: boolean;
  /** Body bytes written before the answer came (with `keepSending`). */
  readonly bytesSent: number;
}

export interface RawOptions {
  /** Written again and again after the request, until the server answers or stops reading. */
  readonly keepSending?: Buffer;
}

function decodeChunked(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(parts);
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The answer in `data`, once it is complete. */
function parse(data: Buffer, ended: boolean): Omit<RawAnswer, 'closed' | 'bytesSent'> | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(headEnd + 4);
  let body: Buffer | undefined;
  if (headers['transfer-encoding'] === 'chunked') body = decodeChunked(rest);
  else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    body = rest.length >= length ? rest.subarray(0, length) : undefined;
  } else body = ended ? rest : undefined;
  if (body === undefined) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') };
}

/** Sends `request` (the request line, headers and any body, as text) to 127.0.0.1 and reads one answer. */
export function rawExchange(port: number, request: string, options: RawOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let ended = false;
    let bytesSent = 0;
    let answer: Omit<RawAnswer, 'closed' | 'bytesSent'> | undefined;
    let giveUp: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      socket.destroy();
      if (answer) resolve({ ...answer, closed, bytesSent });
      else reject(new Error(`no complete answer; got ${JSON.stringify(data.toString('latin1').slice(0, 200))}`));
    };
    const pump = (): void => {
      if (!options.keepSending) return;
      while (answer === undefined && !socket.destroyed && socket.writable) {
        bytesSent += options.keepSending.length;
        if (!socket.write(options.keepSending)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('connect', () => {
      socket.write(request);
      pump();
    });
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (answer === undefined) answer = parse(data, false);
      // Answered: now see whether the server closes the connection by itself.
      if (answer !== undefined && giveUp === undefined) giveUp = setTimeout(() => finish(false), 1_000);
    });
    socket.on('end', () => {
      ended = true;
      answer ??= parse(data, true);
      finish(true);
    });
    // A server that stops reading and closes may reset the connection under a writing client.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        answer ??= parse(data, true);
        finish(true);
      } else reject(error);
    });
    socket.on('close', () => {
      if (!ended) {
        answer ??= parse(data, true);
        finish(true);
      }
    });
  });
}
