using System;
using System.Linq;
using AlbTroubleshoot.CloudWatch;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot
{
    /// <summary>
    /// A snapshot of one or more load balancers and the network around them, as written to the
    /// pipeline by Get-AlbSnapshot (docs/public-surface.md §4). Holds the snapshot document (what Export-AlbSnapshot
    /// writes) and the model the checks read; the properties are a summary that reads well in a table.
    /// </summary>
    public sealed class AlbSnapshot
    {
        internal AlbSnapshot(SnapshotDocument document, string? source = null)
        {
            Document = document ?? throw new ArgumentNullException(nameof(document));
            Model = SnapshotMapper.Map(document);
            var loadBalancers = Model.LoadBalancers ?? Array.Empty<LoadBalancer>();
            LoadBalancers = loadBalancers.Select(l => l.Name).ToArray();
            LoadBalancerArns = loadBalancers.Select(l => l.Arn).ToArray();
            Region = document.Region ?? string.Empty;
            CollectedAt = document.CollectedAt;
            Metrics = MetricData.Read(document);
            // A malformed metrics section is reported with the collection errors: it is data the checks could not read.
            Errors = document.Errors.Select(e => e.Key + ": " + e.Value).Concat(Metrics.Problems).ToArray();
            MissingSections = SnapshotOperations.All.Where(o => !document.HasSection(o)).ToArray();
            Source = source ?? string.Empty;
        }

        /// <summary>The load balancers' names.</summary>
        public string[] LoadBalancers { get; }

        public string[] LoadBalancerArns { get; }

        public string Region { get; }

        /// <summary>When the data was collected (UTC); null if the file does not say.</summary>
        public DateTime? CollectedAt { get; }

        /// <summary>"Operation: reason" for every operation that could not be collected.</summary>
        public string[] Errors { get; }

        /// <summary>The operation sections the snapshot lacks: checks that need them answer Unknown.</summary>
        public string[] MissingSections { get; }

        /// <summary>Where it came from: a file path, "AwsTools" or "AwsCli".</summary>
        public string Source { get; }

        /// <summary>The snapshot document (docs/snapshot-format.md).</summary>
        internal SnapshotDocument Document { get; }

        /// <summary>The CloudWatch series of the GetMetricData section, per load balancer (empty without the section).</summary>
        internal MetricData Metrics { get; }

        /// <summary>The environment model mapped from the document, for the checks.</summary>
        internal EnvironmentModel Model { get; }

        /// <summary>The snapshot file text (docs/snapshot-format.md, CLI spelling).</summary>
        public string ToJson() => Document.ToJson();

        public override string ToString() => string.Join(", ", LoadBalancers) + (Region.Length > 0 ? " (" + Region + ")" : string.Empty);
    }
}
