type Mode = "enforce" | "shadow";

/** Enforce or shadow, as two radio buttons named `name`. */
export function ModeField({ name, mode, onChange, className = "" }: { name: string; mode: Mode; onChange: (mode: Mode) => void; className?: string }) {
  return (
    <fieldset className={`flex flex-col gap-1 ${className}`}>
      <legend className="mb-1 font-medium">Mode</legend>
      <label className="flex items-center gap-2">
        <input type="radio" name={name} checked={mode === "enforce"} onChange={() => onChange("enforce")} />
        Enforce: hide matching alerts
      </label>
      <label className="flex items-center gap-2">
        <input type="radio" name={name} checked={mode === "shadow"} onChange={() => onChange("shadow")} />
        Shadow: only count what it would hide
      </label>
    </fieldset>
  );
}
