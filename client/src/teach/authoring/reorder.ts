// Reordering lists in the editors: by keyboard (Move up / Move down buttons)
// and by drag and drop (HTML5 drag events). Both produce a new array, so the
// page's state changes in one assignment.

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

/** Svelte action: makes an element a drag handle and drop target for position `index` of a list. */
export function draggable(node: HTMLElement, params: { index: number; group: string; onmove: (from: number, to: number) => void }) {
  let current = params;
  node.draggable = true;
  const start = (event: DragEvent) => {
    event.dataTransfer?.setData(`text/x-darasa-${current.group}`, String(current.index));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  };
  const over = (event: DragEvent) => {
    if (event.dataTransfer?.types.includes(`text/x-darasa-${current.group}`)) {
      event.preventDefault();
      node.classList.add('drop-target');
    }
  };
  const leave = () => node.classList.remove('drop-target');
  const drop = (event: DragEvent) => {
    node.classList.remove('drop-target');
    const from = event.dataTransfer?.getData(`text/x-darasa-${current.group}`);
    if (from === undefined || from === '') return;
    event.preventDefault();
    current.onmove(Number(from), current.index);
  };
  node.addEventListener('dragstart', start);
  node.addEventListener('dragover', over);
  node.addEventListener('dragleave', leave);
  node.addEventListener('drop', drop);
  return {
    update(next: typeof params) {
      current = next;
    },
    destroy() {
      node.removeEventListener('dragstart', start);
      node.removeEventListener('dragover', over);
      node.removeEventListener('dragleave', leave);
      node.removeEventListener('drop', drop);
    },
  };
}
