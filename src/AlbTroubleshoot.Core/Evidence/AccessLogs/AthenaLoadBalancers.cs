using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// What an Athena query needs to know of the load balancers named by -Name/-LoadBalancerArn, and of
    /// -AccessLogUri, before it can be written: checked like user input, looked up through the same back
    /// ends as every other AWS call.
    /// </summary>
    internal static class AthenaLoadBalancers
    {
        /// <summary>-AccessLogUri as bucket and prefix (the prefix the load balancer's access_logs.s3.prefix would hold).</summary>
        /// <exception cref="AwsArgumentException">InvalidAccessLogUri: not an S3 location, or one inside AWSLogs/.</exception>
        public static (string Bucket, string Prefix) ParseUri(string uri)
        {
            try
            {
                AwsValueRules.Check(AwsValueKind.S3Location, uri, "-AccessLogUri");
            }
            catch (AwsArgumentException e)
            {
                throw new AwsArgumentException(ErrorIds.InvalidAccessLogUri, "-AccessLogUri", e.Message);
            }
            var rest = uri.Substring("s3://".Length);
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest.Substring(0, slash);
            var prefix = slash < 0 ? string.Empty : rest.Substring(slash + 1).Trim('/');
            if (("/" + prefix + "/").IndexOf("/AWSLogs/", StringComparison.Ordinal) >= 0)
                throw new AwsArgumentException(ErrorIds.InvalidAccessLogUri, "-AccessLogUri",
                    "-AccessLogUri " + AwsValueRules.Show(uri) + " goes into AWSLogs/: give the bucket and the prefix set on the load balancer (s3://bucket[/prefix]); the module appends AWSLogs/<account>/elasticloadbalancing/<region>/.");
            return (bucket, prefix);
        }

        /// <summary>
        /// The load balancers named by -Name/-LoadBalancerArn, as far as the query needs them: an ARN with
        /// -AccessLogUri needs no call; a name needs DescribeLoadBalancers; the log folder without
        /// -AccessLogUri (<paramref name="needAttributes"/>) needs DescribeLoadBalancerAttributes. A failure
        /// is reported for that load balancer (or those names) and the others go on.
        /// </summary>
        /// <exception cref="OperationCanceledException">The user stopped the command.</exception>
        public static List<LoadBalancer> Resolve(Func<IAwsBackend> backend, IReadOnlyCollection<string> names, IReadOnlyCollection<string> arns,
            bool needAttributes, IAccessLogReporter reporter, CancellationToken cancellation)
        {
            if (backend is null) throw new ArgumentNullException(nameof(backend));
            if (reporter is null) throw new ArgumentNullException(nameof(reporter));
            var found = arns.Select(a => new LoadBalancer { Arn = a, Name = a.Split('/')[2], Type = a.Split('/')[1] == "app" ? "application" : a.Split('/')[1] }).ToList();
            IAwsBackend? aws = null;
            if (names.Count > 0)
            {
                aws ??= backend();
                var response = Call(aws, new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", names.ToArray()), string.Join(", ", names), reporter, cancellation);
                foreach (var lb in (response?["LoadBalancers"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                {
                    var arn = lb["LoadBalancerArn"]?.AsString();
                    if (arn is null || AwsValueRules.Problem(AwsValueKind.LoadBalancerArn, arn) is not null) continue;   // remote data: checked like user input
                    found.Add(new LoadBalancer { Arn = arn, Name = lb["LoadBalancerName"]?.AsString() ?? arn.Split('/')[2], Type = lb["Type"]?.AsString() });
                }
            }
            var result = new List<LoadBalancer>();
            foreach (var lb in found)
            {
                if (!lb.IsApplicationLoadBalancer)
                {
                    reporter.NotApplicationLoadBalancer(DisplayText.Safe(lb.NotApplicationReason!), lb.Arn);
                    continue;
                }
                if (needAttributes)
                {
                    aws ??= backend();
                    var response = Call(aws, new AwsRequest(SnapshotOperations.DescribeLoadBalancerAttributes).With("LoadBalancerArn", lb.Arn), lb.Arn, reporter, cancellation);
                    if (response is null) continue;
                    lb.Attributes = ((response["Attributes"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                        .Where(a => a["Key"]?.AsString() is not null)
                        .GroupBy(a => a["Key"]!.AsString()!, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First()["Value"]?.AsString() ?? string.Empty, StringComparer.Ordinal);
                }
                result.Add(lb);
            }
            return result;
        }

        private static JsonObject? Call(IAwsBackend aws, AwsRequest request, string target, IAccessLogReporter reporter, CancellationToken cancellation)
        {
            try
            {
                return aws.Invoke(request, cancellation);
            }
            catch (AwsCallException e)
            {
                reporter.LookupFailed(e, request.Operation + " through " + aws.Name + " failed", target);
                return null;
            }
        }
    }
}
