// Ids for events made in the browser. crypto.randomUUID exists only in secure
// contexts (https or localhost), and workstations open the hub at a plain
// http://192.168.x.y address; crypto.getRandomValues exists everywhere, so a
// version-4 UUID is built from it (RFC 9562: 122 random bits).
export function newEventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
