// leveldown ships no types; the hub uses only its static repair().
declare module 'leveldown' {
  const leveldown: {
    repair(location: string, callback: (error?: Error | null) => void): void;
  };
  export default leveldown;
}
