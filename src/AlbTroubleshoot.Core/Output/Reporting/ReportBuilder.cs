using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AlbTroubleshoot.Reporting
{
    /// <summary>
    /// What a diagnosis report says, in the order a person reading a ticket needs it: the summary,
    /// then per load balancer the open findings with evidence, check and remediation, what was ruled
    /// out, the path table and the NACL table, and finally the AWS references.
    /// </summary>
    internal static class ReportBuilder
    {
        /// <summary>Above this many paths, the Reachable/NotApplicable rows are counted instead of listed.</summary>
        internal const int MaxListedPaths = 50;

        public static ReportDocument Build(IReadOnlyList<Diagnosis> diagnoses, DateTime generatedAtUtc)
        {
            if (diagnoses is null) throw new ArgumentNullException(nameof(diagnoses));
            var title = diagnoses.Count == 1
                ? "ALB diagnosis: " + diagnoses[0].LoadBalancerName
                : "ALB diagnosis: " + Wording.Plural(diagnoses.Count, "load balancer");
            var blocks = new List<Block>
            {
                new Heading(1, Inline.Text(title)),
                new Paragraph(Inline.Text("Generated " + Timestamp(generatedAtUtc) + " by the AlbTroubleshoot PowerShell module (Invoke-AlbDiagnosis). " +
                    "Findings list the documented causes of Application Load Balancer errors that the configuration (and the access logs, when given) confirm, make likely or cannot rule out; " +
                    "causes the evidence rules out are listed after them.")),
                new Heading(2, Inline.Text("Summary")),
            };
            if (diagnoses.Count == 0)
            {
                blocks.Add(new Paragraph(Inline.Text("No load balancer was diagnosed.")));
            }
            else
            {
                var summary = new Table("Load balancer", "Status", "Findings", "Why");
                foreach (var d in diagnoses)
                    summary.AddRow(Cell(Inline.Text(d.LoadBalancerName)), Cell(Inline.Badge(d.Status)), Cell(Inline.Text(d.Summary)), Cell(Inline.Text(d.StatusReason)));
                blocks.Add(summary);
            }

            foreach (var d in diagnoses)
                blocks.Add(new Section("load-balancer", LoadBalancerBlocks(d)));

            blocks.AddRange(References(diagnoses));
            return new ReportDocument(title, blocks);
        }

        private static IEnumerable<Block> LoadBalancerBlocks(Diagnosis d)
        {
            yield return new Heading(2, Inline.Text(d.LoadBalancerName + " "), Inline.Badge(d.Status));
            var fields = new Fields();
            if (d.LoadBalancerArn.Length > 0) fields.Add("ARN", Inline.Code(d.LoadBalancerArn));
            if (d.Region.Length > 0) fields.Add("Region", Inline.Text(d.Region));
            fields.Add("Collected", Inline.Text(d.CollectedAt.HasValue ? Timestamp(d.CollectedAt.Value) : "not recorded in the snapshot"));
            if (d.Source.Length > 0) fields.Add("Source", Inline.Text(DescribeSource(d.Source)));
            fields.Add("Status codes", Inline.Text(d.StatusCodes.Length == 0
                ? "all"
                : string.Join(", ", d.StatusCodes.Select(c => c.ToString("000", CultureInfo.InvariantCulture)))));
            if (d.AccessLogs is not null) fields.Add("Access logs", Inline.Text(DescribeAccessLogs(d.AccessLogs)));
            fields.Add("Status", Inline.Badge(d.Status), Inline.Text(" " + d.StatusReason));
            yield return fields;

            if (d.MissingSections.Length > 0 || d.Errors.Length > 0)
            {
                yield return new Heading(3, Inline.Text("Data gaps"));
                yield return new Paragraph(Inline.Text("The checks that need these sections answered Unknown. Grant the permissions the errors name and collect again to decide those causes."));
                var gaps = d.MissingSections
                    .Select(s => new[] { Inline.Code(s), Inline.Text(": " + (ErrorOf(d, s) ?? "not in the snapshot")) })
                    .Concat(d.Errors.Where(e => !d.MissingSections.Any(s => e.StartsWith(s + ":", StringComparison.Ordinal)))
                        .Select(e => new[] { Inline.Text(e) }));
                yield return new BulletList(gaps);
            }

            // Confirmed, Likely and Unknown findings get a section each; the Possible ones (what only
            // traffic can tell) one row each, so a healthy load balancer's report stays short.
            var relevant = d.RelevantFindings();
            var detailed = relevant.Where(f => f.VerdictKind != CauseVerdict.Possible).ToArray();
            var possible = relevant.Where(f => f.VerdictKind == CauseVerdict.Possible).ToArray();
            yield return new Heading(3, Inline.Text("Findings (" + detailed.Length.ToString(CultureInfo.InvariantCulture) + ")"));
            if (detailed.Length == 0)
                yield return new Paragraph(Inline.Text("No cause is Confirmed, Likely or Unknown."));
            for (var i = 0; i < detailed.Length; i++)
                yield return new Section("finding", FindingBlocks(detailed[i], i + 1));
            if (possible.Length > 0)
            {
                yield return new Heading(3, Inline.Text("Possible: for traffic evidence to decide (" + possible.Length.ToString(CultureInfo.InvariantCulture) + ")"));
                yield return new Paragraph(Inline.Text(d.AccessLogs is null
                    ? "The configuration allows these causes but cannot confirm or rule them out. The access logs can (Invoke-AlbDiagnosis -AccessLogPath); otherwise run the check."
                    : "The configuration allows these causes and the access logs only fit them among others. Run the check."));
                var table = new Table("Code", "Cause", "What the evidence shows", "To check");
                foreach (var f in possible)
                    table.AddRow(Cell(Inline.Text(Code(f.StatusCode))), new[] { Inline.Code(f.Id), Inline.Text(" " + f.Title.Replace("`", string.Empty)) },
                        Cell(Inline.Text(string.Join(" ", f.Evidence.Select(WithoutCheck).Where(e => e.Length > 0)))),
                        Inline.Prose(f.Check));
                yield return table;
            }

            foreach (var b in MetricBlocks(d)) yield return b;
            foreach (var b in PathBlocks(d)) yield return b;
            foreach (var b in NaclBlocks(d)) yield return b;
            foreach (var b in ProbeBlocks(d)) yield return b;

            // Last: what the evidence set aside, one line each, for the reader who asks "did you check X?".
            var setAside = d.SetAsideFindings();
            if (setAside.Length > 0)
            {
                yield return new Heading(3, Inline.Text("Ruled out and not applicable (" + setAside.Length.ToString(CultureInfo.InvariantCulture) + ")"));
                var table = new Table("Verdict", "Code", "Cause", "Why");
                foreach (var f in setAside)
                    table.AddRow(Cell(Inline.Badge(f.Verdict)), Cell(Inline.Text(Code(f.StatusCode))), Cell(Inline.Code(f.Id)),
                        Cell(Inline.Text(f.Evidence.Length > 0 ? string.Join(" ", f.Evidence) : f.Title)));
                yield return table;
            }
        }

        /// <summary>A piece of evidence without the catalog check it ends with (the table shows the check in its own column).</summary>
        private static string WithoutCheck(string evidence)
        {
            var at = evidence.IndexOf(Diagnostics.CheckContext.ToCheckPrefix, StringComparison.Ordinal);
            return at < 0 ? evidence : evidence.Substring(0, at).TrimEnd();
        }

        private static string DescribeAccessLogs(AccessLogEvidence logs)
        {
            var text = char.ToUpperInvariant(logs.Window[0]) + logs.Window.Substring(1);
            if (logs.Lines == 0)
                text += logs.OtherLoadBalancers.Length > 0 ? " (they hold lines of " + string.Join(", ", logs.OtherLoadBalancers) + "); the causes rest on the configuration alone" : "; the causes rest on the configuration alone";
            else
                text += "; " + Wording.Count(logs.Errors.Sum(r => r.Count)) + " error lines";
            if (logs.MalformedLines > 0) text += "; " + Wording.Count(logs.MalformedLines) + " malformed lines skipped";
            return text + ".";
        }

        private static IEnumerable<Block> FindingBlocks(ErrorCause f, int number)
        {
            yield return new Heading(4, Inline.Text(number.ToString(CultureInfo.InvariantCulture) + ". "), Inline.Badge(f.Verdict),
                Inline.Text(" " + Code(f.StatusCode) + " "), Inline.Code(f.Id), Inline.Text(" " + f.Title.Replace("`", string.Empty)));
            var fields = new Fields().Add("Side", Inline.Text(f.Side));
            if (f.CheckedBy.Length > 0) fields.Add("Checked by", Inline.Code(f.CheckedBy));
            yield return fields;
            yield return new Paragraph(Inline.Text("Evidence:"));
            // The catalog check the evidence ends with is the Check field below.
            var evidence = f.Evidence.Select(WithoutCheck).Where(e => e.Length > 0).ToList();
            yield return evidence.Count > 0
                ? new BulletList(evidence.Select(Inline.Prose))
                : new BulletList(new[] { new[] { Inline.Text("No evidence recorded.") } });
            var advice = new Fields();
            if (f.Check.Length > 0) advice.Add("Check", Inline.Prose(f.Check));
            if (f.Remediation.Length > 0) advice.Add("Remediation", Inline.Prose(f.Remediation));
            if (f.Reference.Length > 0) advice.Add("Reference", Inline.Link(f.Reference, f.Reference));
            if (advice.Items.Count > 0) yield return advice;
        }

        /// <summary>The load balancer's error counts per code (the target's beside), in the order a reader compares them.</summary>
        internal static readonly string[] ErrorMetrics =
        {
            "HTTPCode_ELB_4XX_Count", "HTTPCode_ELB_5XX_Count", "HTTPCode_ELB_500_Count", "HTTPCode_ELB_502_Count",
            "HTTPCode_ELB_503_Count", "HTTPCode_ELB_504_Count", "HTTPCode_Target_5XX_Count",
        };

        private static readonly string[] HostMetrics = { "HealthyHostCount", "UnHealthyHostCount" };

        /// <summary>
        /// What the CloudWatch metrics recorded: the error counts per code over the window, then the
        /// healthy and unhealthy hosts of each target group, with the findings that quote a series
        /// marked where it peaked.
        /// </summary>
        private static IEnumerable<Block> MetricBlocks(Diagnosis d)
        {
            if (d.Metrics.Length == 0) yield break;
            var withPoints = d.Metrics.Where(s => s.Timestamps.Length > 0).ToList();
            // The window asked for; without it, the span of the data points.
            var start = d.MetricsFrom ?? (withPoints.Count > 0 ? withPoints.Min(s => s.Timestamps[0]) : DateTime.MinValue);
            var end = d.MetricsTo ?? (withPoints.Count > 0 ? withPoints.Max(s => s.Timestamps[s.Timestamps.Length - 1].AddSeconds(s.Period)) : start);
            yield return new Heading(3, Inline.Text("Metrics over the window"));
            yield return new Paragraph(Inline.Text("CloudWatch (AWS/ApplicationELB) from " + Timestamp(start) + " to " + Timestamp(end) +
                ". A period without a data point reported no count. Marks show when a series that a finding quotes peaked."));

            var errors = ErrorMetrics
                .SelectMany(name => d.Metrics.Where(s => s.MetricName == name && s.Statistic == "Sum" && s.TargetGroupName.Length == 0 && s.AvailabilityZone.Length == 0))
                .ToList();
            if (errors.Count > 0)
                yield return new Chart("Error counts per code", ChartKind.Bars, start, end, errors, Marks(d, errors));

            var hosts = d.Metrics.Where(s => Array.IndexOf(HostMetrics, s.MetricName) >= 0 && s.TargetGroupName.Length > 0 && s.AvailabilityZone.Length == 0)
                .GroupBy(s => s.TargetGroupName, StringComparer.Ordinal);
            foreach (var group in hosts)
            {
                var series = group.OrderBy(s => Array.IndexOf(HostMetrics, s.MetricName)).ToList();
                yield return new Chart("Hosts of target group " + group.Key, ChartKind.Lines, start, end, series, Marks(d, series));
            }
        }

        /// <summary>Each open finding whose evidence quotes one of the series (its line starts with the series' name), at that series' peak.</summary>
        private static IEnumerable<ChartMark> Marks(Diagnosis d, IReadOnlyList<MetricSeries> series) =>
            from s in series
            where s.PeakTime.HasValue && s.Maximum > 0
            let quoted = s.Describe() + ": "
            from f in d.RelevantFindings()
            where f.Evidence.Any(e => e.StartsWith(quoted, StringComparison.Ordinal))
            select new ChartMark(s, s.PeakTime!.Value, f.Id);

        private static IEnumerable<Block> PathBlocks(Diagnosis d)
        {
            yield return new Heading(3, Inline.Text("Paths to the targets"));
            if (d.Reachability.Length == 0)
            {
                yield return new Paragraph(Inline.Text("No ALB-to-target path was evaluated (no targets, or no reachability results in this diagnosis)."));
                yield break;
            }
            var ordered = d.Reachability.OrderBy(r => PathRank(r.VerdictKind)).ToList();
            var listed = ordered.Count <= MaxListedPaths ? ordered : ordered.Where(r => r.VerdictKind != ReachabilityVerdict.Reachable && r.VerdictKind != ReachabilityVerdict.NotApplicable).ToList();
            var table = new Table("Verdict", "Target group", "Target", "Port", "Purpose", "Blocked by", "Explanation");
            foreach (var r in listed)
            {
                var target = r.TargetAddress.Length > 0 && r.TargetAddress != r.TargetId
                    ? new[] { Inline.Code(r.TargetId), Inline.Text(" (" + r.TargetAddress + ")") }
                    : Cell(Inline.Code(r.TargetId));
                table.AddRow(Cell(Inline.Badge(r.Verdict)), Cell(Inline.Text(r.TargetGroupName)), target,
                    Cell(Inline.Text(r.Port.ToString(CultureInfo.InvariantCulture))), Cell(Inline.Text(r.Purpose)),
                    Ids(r.BlockedBy), Cell(Inline.Text(r.Explanation)));
            }
            if (listed.Count > 0) yield return table;
            if (listed.Count < ordered.Count)
            {
                yield return new Paragraph(Inline.Text(Wording.Plural(ordered.Count - listed.Count, "more path") + " (" +
                    string.Join(", ", ordered.Skip(listed.Count).GroupBy(r => r.Verdict).Select(g => g.Count().ToString(CultureInfo.InvariantCulture) + " " + g.Key)) +
                    ") not listed; Test-AlbTargetReachability lists every one."));
            }
        }

        /// <summary>What -Probe measured: every row that did not pass, and the passes counted per check.</summary>
        private static IEnumerable<Block> ProbeBlocks(Diagnosis d)
        {
            if (d.Probe.Length == 0) yield break;
            yield return new Heading(3, Inline.Text("Probe of the targets"));
            var notPassed = d.Probe.Where(r => r.VerdictKind != ProbeVerdict.Pass).ToList();
            var passed = d.Probe.Where(r => r.VerdictKind == ProbeVerdict.Pass).GroupBy(r => r.Check)
                .Select(g => g.Key + " " + g.Count().ToString(CultureInfo.InvariantCulture)).ToList();
            yield return new Paragraph(Inline.Text("Measured from the machine that ran the diagnosis (Test-AlbTargetEndpoint): " +
                Wording.Plural(d.Probe.Select(r => r.Address + ":" + r.Port.ToString(CultureInfo.InvariantCulture)).Distinct().Count(), "target") + ", " +
                Wording.Plural(notPassed.Count, "check") + " not passed" + (passed.Count > 0 ? "; passed: " + string.Join(", ", passed) : string.Empty) + "."));
            if (notPassed.Count == 0) yield break;
            var table = new Table("Verdict", "Target group", "Target", "Check", "Measured", "Expected", "Explanation");
            foreach (var r in notPassed)
            {
                table.AddRow(Cell(Inline.Badge(r.Verdict)), Cell(Inline.Text(r.TargetGroupName)),
                    new[] { Inline.Code(r.TargetId), Inline.Text(" (" + r.Address + ":" + r.Port.ToString(CultureInfo.InvariantCulture) + ")") },
                    Cell(Inline.Text(r.Check)), Cell(Inline.Text(r.Measured)), Cell(Inline.Text(r.Expected)), Cell(Inline.Text(r.Explanation)));
            }
            yield return table;
        }

        private static IEnumerable<Block> NaclBlocks(Diagnosis d)
        {
            yield return new Heading(3, Inline.Text("Network ACLs on the client and target paths"));
            if (d.NaclEphemeral.Length == 0)
            {
                yield return new Paragraph(Inline.Text("No network ACL result in this diagnosis."));
                yield break;
            }
            var table = new Table("Verdict", "Network ACL", "Subnet", "Role", "Direction", "Peer", "Ports", "Blocked ranges", "Deciding rules", "Explanation");
            foreach (var n in d.NaclEphemeral.OrderBy(n => PathRank(n.VerdictKind)))
            {
                table.AddRow(Cell(Inline.Badge(n.Verdict)), Cell(Inline.Code(n.NetworkAclId)), Ids(new[] { n.SubnetId }), Cell(Inline.Text(n.Role)),
                    Cell(Inline.Text(n.Direction)), Cell(Inline.Text(n.PeerCidr)), Cell(Inline.Text(n.PortRange)),
                    Cell(Inline.Text(string.Join(", ", n.BlockedRanges))),
                    Cell(Inline.Text(string.Join(", ", n.DecidingRules.Select(r => r.ToString(CultureInfo.InvariantCulture))))),
                    Cell(Inline.Text(n.Explanation)));
            }
            yield return table;
        }

        private static IEnumerable<Block> References(IReadOnlyList<Diagnosis> diagnoses)
        {
            var byUrl = diagnoses.SelectMany(d => d.RelevantFindings())
                .Where(f => f.Reference.Length > 0)
                .GroupBy(f => f.Reference, StringComparer.Ordinal)
                .ToList();
            yield return new Heading(2, Inline.Text("AWS references"));
            if (byUrl.Count == 0)
            {
                yield return new Paragraph(Inline.Text("No open finding, so no reference to follow. The ALB troubleshooting guide: "),
                    Inline.Link(TroubleshootingGuide, TroubleshootingGuide));
                yield break;
            }
            yield return new BulletList(byUrl.Select(g => new[]
            {
                Inline.Link(g.Key, g.Key),
                Inline.Text(" (" + string.Join(", ", g.Select(f => f.Id).Distinct(StringComparer.Ordinal)) + ")"),
            }));
        }

        private const string TroubleshootingGuide = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html";

        /// <summary>Paths listed worst first: blocked, partly blocked, undecided, then open.</summary>
        private static int PathRank(ReachabilityVerdict verdict) => verdict switch
        {
            ReachabilityVerdict.Blocked => 0,
            ReachabilityVerdict.PartiallyBlocked => 1,
            ReachabilityVerdict.Unknown => 2,
            ReachabilityVerdict.Reachable => 3,
            _ => 4,
        };

        /// <summary>NACL ranges in the same order as the paths.</summary>
        private static int PathRank(NaclRangeVerdict verdict) => verdict switch
        {
            NaclRangeVerdict.Blocked => 0,
            NaclRangeVerdict.PartiallyBlocked => 1,
            NaclRangeVerdict.Unknown => 2,
            _ => 3,
        };

        private static string? ErrorOf(Diagnosis d, string section) =>
            d.Errors.Where(e => e.StartsWith(section + ":", StringComparison.Ordinal)).Select(e => e.Substring(section.Length + 1).Trim()).FirstOrDefault();

        /// <summary>A file name rather than the full path: a report is shared, the path of the author's machine is not the reader's business.</summary>
        private static string DescribeSource(string source)
        {
            if (source.IndexOf('/') < 0 && source.IndexOf('\\') < 0) return "collected live through " + source;
            var name = source.Substring(Math.Max(source.LastIndexOf('/'), source.LastIndexOf('\\')) + 1);
            return "snapshot file " + name;
        }

        private static Inline[] Cell(params Inline[] content) => content;

        /// <summary>Resource IDs as code, comma-separated (code keeps an ID such as sg-0abc on one line).</summary>
        private static Inline[] Ids(IEnumerable<string> ids) =>
            ids.Where(i => i.Length > 0).SelectMany((id, n) => n == 0 ? new[] { Inline.Code(id) } : new[] { Inline.Text(", "), Inline.Code(id) }).ToArray();

        private static string Code(int statusCode) => statusCode.ToString("000", CultureInfo.InvariantCulture);

        /// <summary>Snapshot times are UTC whether or not the parser marked them so; only a Local time is converted.</summary>
        private static string Timestamp(DateTime time) =>
            (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
    }
}
