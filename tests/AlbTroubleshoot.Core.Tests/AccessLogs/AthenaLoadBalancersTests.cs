using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>What an Athena query learns of -AccessLogUri and of the load balancers it is about, before any SQL.</summary>
    public class AthenaLoadBalancersTests
    {
        private const string Prefix = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/";
        private const string Web = Prefix + "app/web/50dc6c495c0c9188";
        private const string Api = Prefix + "app/api/60dc6c495c0c9188";
        private const string Nlb = Prefix + "net/edge/70dc6c495c0c9188";

        [Theory]
        [InlineData("s3://alb-logs", "alb-logs", "")]
        [InlineData("s3://alb-logs/", "alb-logs", "")]
        [InlineData("s3://alb-logs/web/prod/", "alb-logs", "web/prod")]
        public void An_access_log_uri_is_a_bucket_and_the_prefix_set_on_the_load_balancer(string uri, string bucket, string prefix) =>
            Assert.Equal((bucket, prefix), AthenaLoadBalancers.ParseUri(uri));

        [Theory]
        [InlineData("s3://alb-logs/prod/AWSLogs/111122223333/")]
        [InlineData("s3://alb-logs/AWSLogs")]
        [InlineData("https://alb-logs/prod")]
        [InlineData("s3://alb-logs/x' OR '1'='1")]
        public void An_access_log_uri_into_AWSLogs_or_not_in_S3_is_refused(string uri)
        {
            var e = Assert.Throws<AwsArgumentException>(() => AthenaLoadBalancers.ParseUri(uri));
            Assert.Equal(ErrorIds.InvalidAccessLogUri, e.ErrorId);
            Assert.Equal("-AccessLogUri", e.ParameterName);
        }

        [Fact]
        public void Arns_with_the_folder_given_need_no_call()
        {
            var reporter = new RecordingAccessLogReporter();
            var found = AthenaLoadBalancers.Resolve(() => throw new InvalidOperationException("no call expected"), Array.Empty<string>(), new[] { Web, Nlb },
                needAttributes: false, reporter, CancellationToken.None);
            var lb = Assert.Single(found);
            Assert.Equal((Web, "web"), (lb.Arn, lb.Name));
            var (reason, arn) = Assert.Single(reporter.NotApplication);
            Assert.Equal(Nlb, arn);
            Assert.StartsWith("edge is ", reason, StringComparison.Ordinal);   // of type 'net': the type an ARN names
        }

        [Fact]
        public void Names_take_one_call_and_attributes_one_per_load_balancer_and_a_failure_is_that_load_balancers()
        {
            var aws = new FakeElb();
            var reporter = new RecordingAccessLogReporter();
            var found = AthenaLoadBalancers.Resolve(() => aws, new[] { "web", "api", "edge" }, Array.Empty<string>(), needAttributes: true, reporter, CancellationToken.None);

            var lb = Assert.Single(found);
            Assert.Equal(Web, lb.Arn);
            Assert.Equal("alb-logs", lb.Attributes!["access_logs.s3.bucket"]);
            Assert.Equal(new[] { "DescribeLoadBalancers web,api,edge", "DescribeLoadBalancerAttributes " + Web, "DescribeLoadBalancerAttributes " + Api },
                aws.Calls);   // the NLB is refused before its attributes are asked for; the hostile ARN is dropped
            var (failure, what, target) = Assert.Single(reporter.LookupFailures);
            Assert.Equal(AwsFailureKind.AccessDenied, failure.Kind);
            Assert.Equal("DescribeLoadBalancerAttributes through FakeElb failed", what);
            Assert.Equal(Api, target);
            Assert.Equal(Nlb, Assert.Single(reporter.NotApplication).Arn);
        }

        [Fact]
        public void Names_AWS_does_not_know_are_one_failure_naming_them()
        {
            var aws = new FakeElb { NamesNotFound = true };
            var reporter = new RecordingAccessLogReporter();
            Assert.Empty(AthenaLoadBalancers.Resolve(() => aws, new[] { "web", "gone" }, Array.Empty<string>(), needAttributes: true, reporter, CancellationToken.None));
            var (failure, what, target) = Assert.Single(reporter.LookupFailures);
            Assert.Equal(AwsFailureKind.NotFound, failure.Kind);
            Assert.Equal("DescribeLoadBalancers through FakeElb failed", what);
            Assert.Equal("web, gone", target);
        }

        private sealed class FakeElb : IAwsBackend
        {
            public bool NamesNotFound { get; set; }

            public List<string> Calls { get; } = new List<string>();

            public string Name => "FakeElb";

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                var values = string.Join(",", request.Parameters.SelectMany(p => p.Value));
                Calls.Add(request.Operation + " " + values);
                if (request.Operation == SnapshotOperations.DescribeLoadBalancers)
                {
                    if (NamesNotFound) throw new AwsCallException(request.Operation, "LoadBalancerNotFound", "One or more load balancers not found");
                    return Parse("{\"LoadBalancers\": [" +
                        "{\"LoadBalancerArn\": \"" + Web + "\", \"LoadBalancerName\": \"web\", \"Type\": \"application\"}," +
                        "{\"LoadBalancerArn\": \"" + Api + "\", \"LoadBalancerName\": \"api\", \"Type\": \"application\"}," +
                        "{\"LoadBalancerArn\": \"" + Nlb + "\", \"LoadBalancerName\": \"edge\", \"Type\": \"network\"}," +
                        "{\"LoadBalancerArn\": \"" + Prefix + "app/x;rm -rf/1\", \"LoadBalancerName\": \"bad\", \"Type\": \"application\"}]}");
                }
                if (values == Api) throw new AwsCallException(request.Operation, "AccessDenied", "not allowed");
                return Parse("{\"Attributes\": [{\"Key\": \"access_logs.s3.enabled\", \"Value\": \"true\"}, {\"Key\": \"access_logs.s3.bucket\", \"Value\": \"alb-logs\"}]}");
            }

            private static JsonObject Parse(string json) => (JsonObject)JsonValue.Parse(json, "test");
        }
    }
}
