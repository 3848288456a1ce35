using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot
{
    /// <summary>
    /// What the cmdlets with an -All set (Invoke-AlbDiagnosis, Export-AlbSnapshot) share: -Region is a
    /// list there (a property that hides the base's single -Region), so the live set checks it names one
    /// Region and hands it to the base; -All runs the fleet and hands each snapshot on.
    /// </summary>
    internal static class FleetParameters
    {
        internal const int DefaultThrottleLimit = 4;
        internal const int MaxThrottleLimit = 32;

        /// <summary>Outside -All: one Region at most, given to the base's -Region.</summary>
        public static void SetSingleRegion(AwsStateCmdlet cmdlet, string[]? regions)
        {
            if (cmdlet.ParameterSetName == AwsStateCmdlet.AllSet) return;
            if (regions is not null && regions.Count(r => !string.IsNullOrEmpty(r)) > 1)
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-Region takes one Region unless -All is given (" + DisplayText.Safe(string.Join(", ", regions)) + ")."),
                    ErrorIds.OneRegionOnly, ErrorCategory.InvalidArgument, regions));
            cmdlet.Region = regions?.FirstOrDefault(r => !string.IsNullOrEmpty(r));
        }

        /// <summary>
        /// -All: each valid Region of the list (each invalid one is an InvalidRegion error), or the
        /// current Region; <paramref name="process"/> gets one snapshot per ALB, or with
        /// <paramref name="perRegion"/> one per Region, in a stable order.
        /// </summary>
        public static void RunAll(AwsStateCmdlet cmdlet, string[]? regions, int throttleLimit, CloudWatch.MetricWindow? metrics, Action<AlbSnapshot> process, bool perRegion = false)
        {
            // An empty value means "the current Region", as the base's single -Region takes it (runbooks pass empty parameters on).
            var given = (regions ?? Array.Empty<string>()).Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var list = given.Count > 0
                ? cmdlet.Valid(given, AwsValueKind.Region, "-Region").Select(r => (string?)r).ToList()
                : new List<string?> { null };
            if (list.Count == 0) return;
            new FleetRunner(cmdlet, throttleLimit) { Metrics = metrics }.Run(list, (region, source) =>
            {
                if (perRegion)
                {
                    if (region.LoadBalancers.Count > 0) process(new AlbSnapshot(region.ToDocument(), source));
                    return;
                }
                foreach (var lb in region.LoadBalancers)
                {
                    AlbSnapshot snapshot;
                    try
                    {
                        snapshot = new AlbSnapshot(lb.Document, source);
                    }
                    catch (Snapshots.SnapshotFormatException e)
                    {
                        cmdlet.WriteError(new ErrorRecord(e, ErrorIds.FleetLoadBalancerFailed, ErrorCategory.InvalidData, lb.Arn)
                        {
                            ErrorDetails = new ErrorDetails(DisplayText.Safe(lb.Name + " (" + region.Region + "): AWS returned data this module cannot read: " + e.Reason)),
                        });
                        continue;
                    }
                    process(snapshot);
                }
            });
        }
    }
}
