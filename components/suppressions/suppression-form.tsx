"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState, type FormEvent } from "react";
import { EndTimeField } from "@/components/suppressions/end-time-field";
import { endsAtOf, utcTimeOf, type EndChoice } from "@/components/suppressions/end-time";
import { historyWindowDays, windowSince } from "@/components/suppressions/history-window";
import { matchersToRows, rowsToMatchers, type MatcherRow } from "@/components/suppressions/matcher-rows";
import { MatchersEditor } from "@/components/suppressions/matchers-editor";
import { useCreateSuppression, useSuppressionPreview, type CreateInput, type PreviewInput } from "@/components/suppressions/suppression-api";
import { SuppressionPreview } from "@/components/suppressions/suppression-preview";
import { TenantScopeField } from "@/components/suppressions/tenant-scope-field";
import { ModeField } from "@/components/suppressions/mode-field";
import { FormError, SelectField, SubmitButton } from "@/components/ui/form";
import { Panel } from "@/components/ui/page-shell";
import { countOf } from "@/components/ui/plural";
import { RequestError } from "@/components/ui/request-json";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import type { Matcher } from "@/lib/suppressions/matcher";
import { defaultPreviewDays } from "@/lib/suppressions/suppression-schemas";

const previewDelayMs = 300;

/**
 * The create form, with the rule's preview beside it, updated as the person types. Saving a rule
 * that matches nothing or everything in the window asks again ("Save anyway"); a saved rule opens
 * its page.
 */
export function SuppressionForm({
  tenants,
  isAdmin,
  initial,
}: {
  tenants: readonly string[];
  isAdmin: boolean;
  initial: { matchers: Matcher[]; tenants: "all" | string[] };
}) {
  const router = useRouter();
  const ids = { comment: useId(), startsAt: useId() };
  const [rows, setRows] = useState<MatcherRow[]>(() => matchersToRows(initial.matchers.length > 0 ? initial.matchers : [{ field: "rule", op: "=", value: "" }]));
  const [scope, setScope] = useState<"all" | string[]>(() => (initial.tenants === "all" && !isAdmin ? [] : initial.tenants));
  const [comment, setComment] = useState("");
  const [end, setEnd] = useState<{ choice: EndChoice; custom: string }>({ choice: "7d", custom: "" });
  const [startsAt, setStartsAt] = useState("");
  const [mode, setMode] = useState<"enforce" | "shadow">("enforce");
  const [applyToExisting, setApplyToExisting] = useState(false);
  const [days, setDays] = useState<number>(defaultPreviewDays);
  /** What the API asked to confirm, for the matchers, tenants and window it judged. */
  const [asked, setAsked] = useState<{ message: string; about: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const matchers = rowsToMatchers(rows);
  const previewInput: PreviewInput = { matchers, tenants: scope, days };
  // debounced as text: a new object each render would restart the delay for ever
  const debouncedText = useDebouncedValue(JSON.stringify(previewInput), previewDelayMs);
  const debounced = useMemo(() => JSON.parse(debouncedText) as PreviewInput, [debouncedText]);
  const waitingFor =
    rows.length === 0 ? "Add a matcher to see what the rule would match." : scope !== "all" && scope.length === 0 ? "Choose a tenant to see what the rule would match." : null;
  const { preview, isCompleting } = useSuppressionPreview(waitingFor ? null : debounced);
  const create = useCreateSuppression();
  // An edit after the question makes it moot: "Save anyway" must not confirm a rule it was not about.
  const confirmation = asked?.about === JSON.stringify(previewInput) ? asked.message : null;
  // Saved, the page goes to the rule: the form stays shut until it has.
  const isSaving = create.isPending || create.isSuccess;

  function save(confirm: boolean) {
    setFormError(null);
    const endsAt = endsAtOf(end.choice, end.custom);
    if ("error" in endsAt) return setFormError(endsAt.error);
    const start = startsAt === "" ? undefined : utcTimeOf(startsAt);
    if (start === null) return setFormError("Starts: not a time");
    // the window's start taken as the rule is sent, as each preview's is (suppression-api.ts)
    const since = windowSince(days);
    const input: CreateInput = { matchers, tenants: scope, comment, endsAt: endsAt.endsAt ?? null, mode, applyToExisting: applyToExisting && mode === "enforce", since, confirm, ...(start && { startsAt: start }) };
    create.mutate(input, {
      onSuccess: (rule) => router.push(`/suppressions/${rule.id}`),
      onError: (error) => {
        if (error instanceof RequestError && error.status === 409 && error.message.startsWith("confirm:")) {
          setAsked({ message: error.message.replace(/^confirm:\s*/, ""), about: JSON.stringify(previewInput) });
        }
        else setFormError(`${error.message}. Correct it and save again.`);
      },
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAsked(null);
    save(false);
  }

  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[3fr_2fr]">
      <form onSubmit={submit} aria-label="New suppression rule" className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <MatchersEditor rows={rows} onChange={setRows} />
        <TenantScopeField tenants={tenants} value={scope} onChange={setScope} canAll={isAdmin} />
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor={ids.comment} className="font-medium">
            Comment
          </label>
          <textarea
            id={ids.comment}
            required
            maxLength={2000}
            rows={3}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            aria-describedby={`${ids.comment}-hint`}
            className="rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950"
          />
          <span id={`${ids.comment}-hint`} className="text-slate-500">
            Required: why these alerts are noise. Kept with the rule and in the Falco export.
          </span>
        </div>
        <EndTimeField choice={end.choice} custom={end.custom} onChange={(choice, custom) => setEnd({ choice, custom })} canForever={isAdmin} />
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor={ids.startsAt} className="font-medium">
            Starts (UTC, optional)
          </label>
          <input
            id={ids.startsAt}
            type="datetime-local"
            value={startsAt}
            onChange={(event) => setStartsAt(event.target.value)}
            aria-describedby={`${ids.startsAt}-hint`}
            className="self-start rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950"
          />
          <span id={`${ids.startsAt}-hint`} className="text-slate-500">
            Empty: at once.
          </span>
        </div>
        <ModeField name="mode" mode={mode} onChange={setMode} className="text-sm" />
        <label className="flex items-center gap-2 text-sm">
          {/* a shadow rule only counts: the API refuses one that would resolve groups */}
          <input
            type="checkbox"
            checked={applyToExisting && mode === "enforce"}
            disabled={mode === "shadow"}
            onChange={(event) => setApplyToExisting(event.target.checked)}
          />
          Resolve matching open groups now
        </label>
        <SelectField
          label="History window for the preview"
          name="days"
          value={String(days)}
          onChange={(event) => setDays(Number(event.target.value))}
          options={historyWindowDays.map((n) => ({ value: String(n), label: countOf(n, "day") }))}
          hint="Also what “Resolve matching open groups now” and the save check look at."
        />
        <FormError message={formError} />
        {confirmation ? (
          <div role="alert" className="flex flex-col gap-2 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
            <p>{`Are you sure? ${confirmation.replace(/; send "confirm": true to save it anyway$/, ".")}`}</p>
            <div className="flex gap-2">
              <button type="button" disabled={isSaving} onClick={() => save(true)} className="rounded bg-amber-700 px-3 py-1 font-medium text-white disabled:opacity-60">
                Save anyway
              </button>
              <button type="button" onClick={() => setAsked(null)} className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700">
                Cancel
              </button>
            </div>
          </div>
        ) : null}
        <div className="flex items-center gap-3">
          <SubmitButton isPending={isSaving}>{isSaving ? "Saving…" : "Save rule"}</SubmitButton>
          <Link href="/suppressions" className="text-sm underline">
            Cancel
          </Link>
        </div>
      </form>
      <div className="lg:sticky lg:top-4">
        <Panel heading="Preview">
          <SuppressionPreview preview={preview} isCompleting={isCompleting} waitingFor={waitingFor} />
        </Panel>
      </div>
    </div>
  );
}
