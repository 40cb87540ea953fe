import type { Matcher } from "@/lib/suppressions/matcher";
import { describeMatcher } from "@/components/suppressions/suppression-format";

/** A rule's matchers, one per line, as text. */
export function MatcherList({ matchers }: { matchers: readonly Matcher[] }) {
  return (
    <ul>
      {matchers.map((matcher, index) => (
        <li key={index} className="break-all">
          {describeMatcher(matcher)}
        </li>
      ))}
    </ul>
  );
}
