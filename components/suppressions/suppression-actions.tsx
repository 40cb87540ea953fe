"use client";

import { useId, useState, type FormEvent } from "react";
import { formatTime } from "@/components/groups/group-format";
import { EndTimeField } from "@/components/suppressions/end-time-field";
import { endsAtOf, type EndChoice } from "@/components/suppressions/end-time";
import { matchersToRows, rowsToMatchers, type MatcherRow } from "@/components/suppressions/matcher-rows";
import { MatchersEditor } from "@/components/suppressions/matchers-editor";
import { changedFields } from "@/components/suppressions/rule-edit";
import { useUpdateSuppression, type SuppressionDetail, type UpdateInput } from "@/components/suppressions/suppression-api";
import { ruleState } from "@/components/suppressions/suppression-format";
import { TenantScopeField } from "@/components/suppressions/tenant-scope-field";
import { ModeField } from "@/components/suppressions/mode-field";
import { FormError, FormNotice } from "@/components/ui/form";
import { countOf } from "@/components/ui/plural";

const primaryClass = "self-start rounded bg-slate-900 px-3 py-1 text-sm font-medium text-white disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900";

/** Expire (optionally reopening what it resolved), re-activate with a new end, or edit as a new version. */
export function SuppressionActions({ rule, tenants, isAdmin }: { rule: SuppressionDetail; tenants: readonly string[]; isAdmin: boolean }) {
  const update = useUpdateSuppression(rule.id);
  const [notice, setNotice] = useState<string | null>(null);
  const [openForm, setOpenForm] = useState<"expire" | "reactivate" | "edit" | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const isExpired = ruleState(rule) === "expired";

  function run(input: UpdateInput, said: (answer: { reopenedGroups: number; version: number; unchanged: boolean }) => string) {
    setNotice(null);
    setLocalError(null);
    update.mutate(input, {
      onSuccess: (answer) => {
        setOpenForm(null);
        setNotice(said(answer));
      },
    });
  }
  const choose = (form: typeof openForm) => {
    update.reset();
    setLocalError(null);
    setNotice(null);
    setOpenForm(openForm === form ? null : form);
  };
  const toggleClass = (form: typeof openForm) =>
    `rounded border px-3 py-1 text-sm ${openForm === form ? "border-slate-900 dark:border-slate-100" : "border-slate-300 dark:border-slate-700"}`;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        {isExpired ? (
          <button type="button" aria-expanded={openForm === "reactivate"} className={toggleClass("reactivate")} onClick={() => choose("reactivate")}>
            Re-activate
          </button>
        ) : (
          <button type="button" aria-expanded={openForm === "expire"} className={toggleClass("expire")} onClick={() => choose("expire")}>
            Expire
          </button>
        )}
        <button type="button" aria-expanded={openForm === "edit"} className={toggleClass("edit")} onClick={() => choose("edit")}>
          Edit
        </button>
      </div>
      {openForm === "expire" ? (
        <ExpireForm isPending={update.isPending} onExpire={(reopen) => run({ action: "expire", reopen }, (a) => (a.reopenedGroups > 0 ? `Expired; ${countOf(a.reopenedGroups, "group")} reopened.` : "Expired."))} />
      ) : null}
      {openForm === "reactivate" ? (
        <ReactivateForm
          isAdmin={isAdmin}
          isPending={update.isPending}
          onError={setLocalError}
          onReactivate={(endsAt) => run({ action: "reactivate", endsAt }, () => "Re-activated.")}
        />
      ) : null}
      {openForm === "edit" ? (
        <EditForm rule={rule} tenants={tenants} isAdmin={isAdmin} isPending={update.isPending} onError={setLocalError} onEdit={(input) => run(input, (a) => (a.unchanged ? `Nothing changed: the rule is as it was (version ${a.version}).` : `Saved as version ${a.version}.`))} />
      ) : null}
      <FormError message={localError ?? (update.error ? `${update.error.message}. Correct this and try again.` : null)} />
      <FormNotice message={notice} />
    </div>
  );
}

const boxClass = "flex flex-col gap-3 rounded border border-slate-300 p-3 text-sm dark:border-slate-700";

function ExpireForm({ isPending, onExpire }: { isPending: boolean; onExpire: (reopen: boolean) => void }) {
  const [reopen, setReopen] = useState(false);
  return (
    <form
      aria-label="Expire the rule"
      className={boxClass}
      onSubmit={(event) => {
        event.preventDefault();
        onExpire(reopen);
      }}
    >
      <p>It stops matching at once; alerts it already suppressed stay suppressed. It stays listed and can be re-activated.</p>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={reopen} onChange={(event) => setReopen(event.target.checked)} />
        Reopen the groups it resolved
      </label>
      <button type="submit" disabled={isPending} className="self-start rounded bg-red-700 px-3 py-1 font-medium text-white disabled:opacity-60 dark:bg-red-600">
        Expire now
      </button>
    </form>
  );
}

function ReactivateForm({ isAdmin, isPending, onError, onReactivate }: { isAdmin: boolean; isPending: boolean; onError: (message: string) => void; onReactivate: (endsAt: string | null) => void }) {
  const [end, setEnd] = useState<{ choice: EndChoice; custom: string }>({ choice: "7d", custom: "" });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const endsAt = endsAtOf(end.choice, end.custom);
    if ("error" in endsAt) onError(endsAt.error);
    else onReactivate(endsAt.endsAt ?? null);
  }
  return (
    <form aria-label="Re-activate the rule" className={boxClass} onSubmit={submit}>
      <EndTimeField legend="New end" choice={end.choice} custom={end.custom} onChange={(choice, custom) => setEnd({ choice, custom })} canForever={isAdmin} />
      <button type="submit" disabled={isPending} className={primaryClass}>
        Re-activate until then
      </button>
    </form>
  );
}

function EditForm({
  rule,
  tenants,
  isAdmin,
  isPending,
  onError,
  onEdit,
}: {
  rule: SuppressionDetail;
  tenants: readonly string[];
  isAdmin: boolean;
  isPending: boolean;
  onError: (message: string) => void;
  onEdit: (input: UpdateInput) => void;
}) {
  const commentId = useId();
  // what the form opened on: a refetch while it is open (the rule changed by someone else) must not
  // make the fields it shows count as changes to send
  const [opened] = useState(rule);
  const [rows, setRows] = useState<MatcherRow[]>(() => matchersToRows(rule.matchers));
  const [scope, setScope] = useState<"all" | string[]>(rule.tenants);
  const [comment, setComment] = useState(rule.comment);
  const [end, setEnd] = useState<{ choice: EndChoice; custom: string }>({ choice: "keep", custom: "" });
  const [mode, setMode] = useState(rule.mode);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const endsAt = endsAtOf(end.choice, end.custom);
    if ("error" in endsAt) return onError(endsAt.error);
    const changes = { ...changedFields(opened, { matchers: rowsToMatchers(rows), tenants: scope, comment, mode }), ...(endsAt.endsAt !== undefined && { endsAt: endsAt.endsAt }) };
    if (Object.keys(changes).length === 0) return onError("Nothing to save: change a field first.");
    onEdit({ action: "edit", ...changes });
  }
  return (
    <form aria-label="Edit the rule" className={boxClass} onSubmit={submit}>
      <p>{`Saving makes version ${rule.version + 1}; the versions below keep what it was.`}</p>
      <MatchersEditor rows={rows} onChange={setRows} />
      <TenantScopeField tenants={tenants} value={scope} onChange={setScope} canAll={isAdmin} />
      <div className="flex flex-col gap-1">
        <label htmlFor={commentId} className="font-medium">
          Comment
        </label>
        <textarea
          id={commentId}
          required
          maxLength={2000}
          rows={3}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          className="rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950"
        />
      </div>
      <EndTimeField
        choice={end.choice}
        custom={end.custom}
        onChange={(choice, custom) => setEnd({ choice, custom })}
        canForever={isAdmin}
        keepLabel={rule.endsAt === null ? "forever" : formatTime(rule.endsAt)}
      />
      <ModeField name="edit-mode" mode={mode} onChange={setMode} />
      <button type="submit" disabled={isPending} className={primaryClass}>
        {`Save version ${rule.version + 1}`}
      </button>
    </form>
  );
}
