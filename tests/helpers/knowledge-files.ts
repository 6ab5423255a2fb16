import { constants, crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import type { TestApp } from './app';
import type { TestClient } from './test-client';

/**
 * Files for the knowledge import tests, built in memory: zip archives (yazl), a minimal Word
 * document, a zip bomb, and multipart uploads sent the way a browser sends them.
 */

export type ZipEntry = { name: string; data: string | Buffer; mode?: number };

export async function zipOf(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.data), e.name, e.mode ? { mode: e.mode } : {});
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Renames entries after the fact (in the local headers and the central directory alike): yazl
 * refuses the names an attacker would use. Each new name must be as long as the old one.
 */
export function renameEntries(zip: Buffer, renames: Record<string, string>): Buffer {
  const out = Buffer.from(zip);
  for (const [from, to] of Object.entries(renames)) {
    if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error(`${from} → ${to}: lengths differ`);
    const needle = Buffer.from(from);
    for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, at + 1)) out.write(to, at);
  }
  return out;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A real (minimal) .docx: content types, the package relationship and the document part. */
export function docxOf(body: { heading?: string; paragraphs: string[] }): Promise<Buffer> {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const para = (text: string, style?: string) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escape(text)}</w:t></w:r></w:p>`;
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}"><w:body>${body.heading ? para(body.heading, 'Heading1') : ''}${body.paragraphs.map((p) => para(p)).join('')}</w:body></w:document>`;
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    { name: 'word/document.xml', data: document },
  ]);
}

type RawEntry = { name: string; method: 0 | 8; data: Buffer; size: number; crc: number };

/** A zip written field by field, for what yazl cannot make quickly: thousands of entries, or a bomb. */
function writeZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const fields = (h: Buffer, at: number) => {
      h.writeUInt16LE(20, at); // version needed
      h.writeUInt16LE(0, at + 2); // flags
      h.writeUInt16LE(e.method, at + 4);
      h.writeUInt32LE(0x00210000, at + 6); // 1980-01-01 00:00
      h.writeUInt32LE(e.crc, at + 10);
      h.writeUInt32LE(e.data.length, at + 14);
      h.writeUInt32LE(e.size, at + 18);
      h.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const deflated = (name: string, text: string): RawEntry => {
  const data = Buffer.from(text);
  return { name, method: 8, data: deflateRawSync(data), size: data.length, crc: crc32(data) };
};

/** Many small files, stored: yazl takes seconds for thousands of entries. */
export function manyFilesZip(files: { name: string; data: string }[]): Buffer {
  return writeZip(
    files.map((f) => {
      const data = Buffer.from(f.data);
      return { name: f.name, method: 0, data, size: data.length, crc: crc32(data) };
    }),
  );
}

/**
 * A zip bomb: `files` as ordinary deflated entries, then one entry of `megabytes` MB of zeros. The
 * zeros are not compressed here (that would take seconds per 100 MB): one megabyte is deflated with a
 * full flush, and that block repeated is a valid deflate stream of the whole. The CRC is right too.
 */
export function zipBomb(megabytes: number, files: { name: string; data: string }[] = []): Buffer {
  const mb = Buffer.alloc(1024 * 1024);
  const block = deflateRawSync(mb, { finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(mb, crc);
  const zeros: RawEntry = {
    name: 'zeros.txt',
    method: 8,
    data: Buffer.concat([...Array<Buffer>(megabytes).fill(block), deflateRawSync(Buffer.alloc(0))]),
    size: megabytes * mb.length,
    crc,
  };
  return writeZip([...files.map((f) => deflated(f.name, f.data)), zeros]);
}

export type UploadFile = { name: string; data: string | Buffer };

/** Uploads files as the web does: multipart/form-data, one `files` part each, with the session cookie and CSRF token. */
export async function uploadFiles(app: TestApp['app'], client: TestClient, files: UploadFile[]) {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([Buffer.from(f.data)]), f.name);
  const headers: Record<string, string> = {};
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrf) headers['x-csrf-token'] = client.csrf;
  const res = await app.request(
    '/api/v1/knowledge/import',
    { method: 'POST', headers, body: form },
    { incoming: { socket: { remoteAddress: client.ip } } },
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

/**
 * A multipart body of text files as one string, for harnesses that send raw string bodies (the
 * security suites): returns the body and its content type.
 */
export function multipartText(files: { name: string; text: string }[]) {
  const boundary = `----rf-test-${Math.random().toString(16).slice(2)}`;
  const parts = files.map(
    (f) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${f.text}\r\n`,
  );
  return {
    raw: `${parts.join('')}--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
