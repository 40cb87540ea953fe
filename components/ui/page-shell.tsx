import type { ReactNode } from "react";

/** A page: narrow for reading and forms, `wide` for tables. */
export function PageShell({ title, wide = false, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <main className={`mx-auto flex ${wide ? "max-w-6xl" : "max-w-3xl"} flex-col gap-6 px-6 py-12`}>
      <header>
        <h1 className="text-3xl font-semibold tracking-tight">{title}</h1>
      </header>
      {children}
    </main>
  );
}

export function Panel({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <section
      aria-label={heading}
      className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 className="mb-3 text-lg font-semibold">{heading}</h2>
      <div className="flex flex-col gap-3 text-slate-700 dark:text-slate-300">{children}</div>
    </section>
  );
}

export function Command({ children }: { children: ReactNode }) {
  return (
    <pre className="overflow-x-auto rounded bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">
      <code>{children}</code>
    </pre>
  );
}
