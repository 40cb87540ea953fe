import { useState } from "react";

/** Ticked ids of a list: tick or untick one, tick all of those shown, clear. */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  return {
    selected,
    toggle: (id: string, isChecked: boolean) =>
      setSelected((previous) => {
        const next = new Set(previous);
        if (isChecked) next.add(id);
        else next.delete(id);
        return next;
      }),
    /** Whether every one of `ids` is ticked (false for none). */
    hasAll: (ids: readonly string[]) => ids.length > 0 && ids.every((id) => selected.has(id)),
    setAll: (ids: readonly string[], isChecked: boolean) => setSelected(isChecked ? new Set(ids) : new Set()),
    clear: () => setSelected(new Set()),
  };
}
