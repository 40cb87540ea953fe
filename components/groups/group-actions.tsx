"use client";

import { useImperativeHandle, useState, type FormEvent, type Ref } from "react";
import { useUpdateGroups, type GroupChange, type GroupTarget, type UpdateResult } from "@/components/groups/group-api";
import { describeUpdate } from "@/components/groups/group-format";
import { Field, FormError, FormNotice } from "@/components/ui/form";
import { countOf } from "@/components/ui/plural";
import type { GroupStatus } from "@/lib/generated/prisma/enums.ts";
import { planTransition } from "@/lib/triage/transitions";

interface Action {
  label: string;
  set: GroupChange;
  /** Closing says why. */
  needsReason?: boolean;
}

const statusActions: ReadonlyArray<Action & { status: GroupStatus }> = [
  { label: "Acknowledge", status: "acknowledged", set: { status: "acknowledged" } },
  { label: "Resolve", status: "resolved", set: { status: "resolved" }, needsReason: true },
  { label: "False positive", status: "false_positive", set: { status: "false_positive" }, needsReason: true },
  { label: "Reopen", status: "open", set: { status: "open" } },
];
const assignToMe: Action = { label: "Assign to me", set: { assignee: "me" } };
const unassign: Action = { label: "Unassign", set: { assignee: null } };

/** An action waiting for its reason or confirmation, and the groups it was chosen for: confirming changes those. */
interface Pending {
  action: Action;
  target: GroupTarget;
}

/** What a keyboard shortcut may ask of the actions: the same as pressing the button of that label. */
export interface GroupActionsHandle {
  choose(label: "Acknowledge" | "Resolve" | "False positive"): void;
}

const buttonClass = "rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50 dark:border-slate-700";

/**
 * Status and assignee changes for one group or many, through the one PATCH path. A closing action
 * asks for its reason first; `confirmation` (for "everything matching this filter") asks before any.
 * A question is for the target it was asked about: another target (a group ticked or highlighted
 * meanwhile) withdraws it; a change that skips every group is an error and keeps the question, as
 * typed. With `current`, only the moves the workflow allows from there are offered.
 */
export function GroupActions({
  target,
  isDisabled = false,
  confirmation,
  current,
  onUpdated,
  ref,
}: {
  target: GroupTarget;
  isDisabled?: boolean;
  confirmation?: string;
  current?: { status: string; assignee: string | null; me: string };
  onUpdated?: (result: UpdateResult) => void;
  ref?: Ref<GroupActionsHandle>;
}) {
  const update = useUpdateGroups();
  const [pending, setPending] = useState<Pending | null>(null);
  // what the last change did; `isFailure` when it changed nothing, its question kept for another try
  const [result, setResult] = useState<{ message: string; isFailure: boolean } | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  if (pending && JSON.stringify(pending.target) !== JSON.stringify(target)) setPending(null);

  const actions: Action[] = current
    ? [
        ...statusActions.filter((action) => !("error" in planTransition(current.status as GroupStatus, action.status, "a reason"))),
        ...(current.assignee === current.me ? [] : [assignToMe]),
        ...(current.assignee === null ? [] : [unassign]),
      ]
    : [...statusActions, assignToMe, unassign];

  function run(action: Action, on: GroupTarget, reason?: string) {
    setResult(null);
    update.mutate(
      { target: on, set: reason === undefined ? action.set : { ...action.set, reason } },
      {
        onSuccess: (answer) => {
          const isFailure = answer.updated === 0 && answer.skipped.length > 0;
          setResult({ message: describeUpdate(answer), isFailure });
          if (isFailure) return;
          setPending(null);
          onUpdated?.(answer);
        },
      },
    );
  }

  function choose(action: Action) {
    if (action.needsReason || confirmation) {
      update.reset();
      setResult(null);
      setReasonError(null);
      setPending({ action, target });
    } else run(action, target);
  }

  useImperativeHandle(ref, () => ({
    choose: (label) => {
      const action = actions.find((candidate) => candidate.label === label);
      if (action && !isDisabled && !update.isPending) choose(action);
    },
  }));

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!pending) return;
    const reason = new FormData(event.currentTarget).get("reason");
    // `required` lets spaces through, which the API trims to nothing and skips every group for
    if (pending.action.needsReason && (typeof reason !== "string" || reason.trim() === "")) {
      setReasonError("Reason: required; spaces alone are not a reason.");
      return;
    }
    setReasonError(null);
    run(pending.action, pending.target, typeof reason === "string" ? reason : undefined);
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        {actions.map((action) => (
          <button key={action.label} type="button" className={buttonClass} disabled={isDisabled || update.isPending} onClick={() => choose(action)}>
            {action.label}
          </button>
        ))}
      </div>
      {pending ? (
        <form onSubmit={confirm} aria-label={`${pending.action.label}: confirm`} className="flex flex-col gap-2 rounded border border-slate-300 p-3 dark:border-slate-700">
          <p>{`${pending.action.label}: ${describeTarget(pending.target, confirmation)}`}</p>
          {pending.action.needsReason ? <Field label="Reason" name="reason" autoFocus required maxLength={1000} autoComplete="off" hint="Why: kept with the group and in its history." /> : null}
          <FormError message={reasonError} />
          <div className="flex gap-2">
            <button type="submit" disabled={update.isPending} className="rounded bg-slate-900 px-3 py-1 text-sm font-medium text-white disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900">
              {`Confirm: ${pending.action.label.toLowerCase()}`}
            </button>
            <button type="button" className={buttonClass} onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <FormError message={update.error ? `${update.error.message}. Correct this and try again.` : null} />
      <FormError message={result?.isFailure ? result.message : null} />
      <FormNotice message={result?.isFailure === false ? result.message : null} />
    </div>
  );
}

/** What a question says it changes: what `confirmation` says, else how many groups. */
function describeTarget(target: GroupTarget, confirmation: string | undefined): string {
  if (confirmation !== undefined) return confirmation;
  return "ids" in target ? `${countOf(target.ids.length, "group")}.` : "every group matching this filter.";
}
