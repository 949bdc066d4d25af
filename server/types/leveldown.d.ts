// leveldown ships no types; the hub uses its static repair() (damaged files)
// and compactRange() (old revisions' bodies gone from the disk).
declare module 'leveldown' {
  interface LevelDown {
    open(callback: (error?: Error | null) => void): void;
    compactRange(start: Buffer, end: Buffer, callback: (error?: Error | null) => void): void;
    close(callback: (error?: Error | null) => void): void;
  }
  const leveldown: {
    (location: string): LevelDown;
    repair(location: string, callback: (error?: Error | null) => void): void;
  };
  export default leveldown;
}
