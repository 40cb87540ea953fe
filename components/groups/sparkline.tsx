import type { GroupActivity } from "@/lib/groups/group-activity";
import { formatTime } from "@/components/groups/group-format";

const width = 96;
const height = 20;

/** What the bars show, in words: the name of the image for those who cannot see it. */
export function describeSparkline({ from, to, bucketHours, counts }: GroupActivity["sparkline"]): string {
  const step = bucketHours === 1 ? "hour" : `${bucketHours} hours`;
  return `Alerts per ${step} from ${formatTime(from)} to ${formatTime(to)}: ${counts.join(", ")}`;
}

/** A group's alerts per bucket as bars, oldest on the left, scaled to its own busiest bucket. */
export function Sparkline({ sparkline }: { sparkline: GroupActivity["sparkline"] }) {
  const { counts } = sparkline;
  const highest = Math.max(1, ...counts);
  const barWidth = counts.length > 0 ? width / counts.length : width;
  const label = describeSparkline(sparkline);
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="inline-block align-middle text-sky-600 dark:text-sky-400">
      <title>{label}</title>
      <line x1={0} y1={height - 0.5} x2={width} y2={height - 0.5} stroke="currentColor" strokeOpacity={0.3} />
      {counts.map((count, i) =>
        count === 0 ? null : (
          // a bucket with any alert gets at least one pixel: a lone alert must not vanish beside a busy hour
          <rect key={i} x={i * barWidth + 0.5} width={Math.max(barWidth - 1, 1)} y={height - Math.max(1, (count / highest) * height)} height={Math.max(1, (count / highest) * height)} fill="currentColor" />
        ),
      )}
    </svg>
  );
}
