// Bytes on the wire during one sync run: the run's totals (for `lastRun` and
// the budget check) and the part not yet written to the sync state. The service
// saves the unsaved part every few seconds while a run goes on, so a power cut
// or a killed hub mid-sync does not lose the count of what the link already
// carried (and charged for).
export interface Bytes {
  sent: number;
  received: number;
}

export class ByteMeter {
  readonly total: Bytes = { sent: 0, received: 0 };
  #unsaved: Bytes = { sent: 0, received: 0 };

  add(sent: number, received: number): void {
    this.total.sent += sent;
    this.total.received += received;
    this.#unsaved.sent += sent;
    this.#unsaved.received += received;
  }

  /** Bytes taken but not saved after all: saved with the next ones. */
  giveBack(bytes: Bytes): void {
    this.#unsaved.sent += bytes.sent;
    this.#unsaved.received += bytes.received;
  }

  /** The bytes counted since the last call, to be added to the saved figures. */
  take(): Bytes {
    const taken = this.#unsaved;
    this.#unsaved = { sent: 0, received: 0 };
    return taken;
  }
}
