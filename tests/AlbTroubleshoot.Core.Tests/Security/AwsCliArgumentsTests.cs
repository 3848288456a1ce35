using System;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Security
{
    /// <summary>
    /// The aws CLI argument builder with hostile values: nothing a user, a snapshot or an AWS response
    /// supplies can become an option of the CLI (--endpoint-url, --cli-input-json, --debug …) or a
    /// file the CLI reads (file://, fileb://, http(s):// values are loaded by awscli's paramfile).
    /// </summary>
    public class AwsCliArgumentsTests
    {
        private const string LbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/6d27991ddab325c3";
        private const string TgArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-tg/b6533cbe95851e96";
        private const string ListenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/6d27991ddab325c3/ae6e6eb549cbde64";

        private static System.Collections.Generic.List<string> Build(AwsRequest request, string? region = null, string? profile = null, string? endpoint = null) =>
            AwsCliArguments.Build(AwsOperationMap.For(request.Operation), request, region, profile, endpoint, _ => throw new InvalidOperationException("No value of this request goes through a file."));

        public static readonly TheoryData<string> Injections = new()
        {
            "--endpoint-url=http://127.0.0.1:9/", "--cli-input-json=file:///etc/passwd", "--debug", "-h", "--profile", "--query=@",
            "file:///etc/passwd", "fileb:///etc/shadow", "http://elsewhere/x", "HTTPS://elsewhere/", " file:///etc/passwd",
            "web --endpoint-url http://x", "web\n--debug", "web\u001b]0;title\u0007", "internal-web", "-web", "web-", new string('a', 33), "a/b", "a:b", "",
        };

        [Theory]
        [MemberData(nameof(Injections))]
        public void A_hostile_load_balancer_name_is_refused_before_any_process(string name)
        {
            var e = Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", "web", name)));
            Assert.Equal("Names", e.ParameterName);
            Assert.Equal("InvalidLoadBalancerName", e.ErrorId);
            Assert.DoesNotContain('\u001b', e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }

        [Theory]
        [MemberData(nameof(Injections))]
        public void Hostile_ARNs_and_ids_from_a_snapshot_or_a_response_are_refused(string value)
        {
            foreach (var (op, parameter) in new[] { (SnapshotOperations.DescribeListeners, "LoadBalancerArn"), (SnapshotOperations.DescribeRules, "ListenerArn"),
                         (SnapshotOperations.DescribeTargetHealth, "TargetGroupArn"), (SnapshotOperations.GetWebACLForResource, "ResourceArn"),
                         (SnapshotOperations.GetManagedPrefixListEntries, "PrefixListId") })
            {
                var e = Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(op).With(parameter, value)));
                Assert.Equal(parameter, e.ParameterName);
            }
            Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(SnapshotOperations.DescribeSecurityGroups).Filter("group-id", new[] { "sg-612a6dd9c5fb4c264", value })));
        }

        [Theory]
        [InlineData("--filters")]
        [InlineData("vpc-id,Values=x,Name=owner-id")]
        [InlineData("vpc-id Name=x")]
        [InlineData("file://x")]
        [InlineData("Vpc-Id")]
        public void A_filter_name_that_could_change_the_shorthand_is_refused(string name)
        {
            Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(SnapshotOperations.DescribeSubnets).Filter(name, new[] { "vpc-cf812336cd91f99ee" })));
        }

        [Theory]
        [InlineData("--endpoint-url=http://elsewhere/")]
        [InlineData("-x")]
        [InlineData("name with space")]
        [InlineData("p\u001b[2J")]
        public void Region_is_refused_and_profile_and_endpoint_are_checked(string value)
        {
            var request = new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", "web");
            Assert.Equal("InvalidRegion", Assert.Throws<AwsArgumentException>(() => Build(request, region: value)).ErrorId);
            Assert.Equal("InvalidEndpointUrl", Assert.Throws<AwsArgumentException>(() => Build(request, endpoint: value)).ErrorId);
        }

        [Fact]
        public void A_profile_name_that_looks_like_an_option_stays_the_profile_name()
        {
            var args = Build(new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", "web"), profile: "--endpoint-url=http://elsewhere/");
            Assert.Contains("--profile=--endpoint-url=http://elsewhere/", args);
            Assert.DoesNotContain(args, a => a.StartsWith("--endpoint-url", StringComparison.Ordinal));
            Assert.Equal("InvalidProfileName", Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", "web"), profile: "p\nq")).ErrorId);
            Assert.Equal("InvalidProfileName", Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", "web"), profile: "file:///etc/passwd")).ErrorId);
        }

        [Fact]
        public void Single_values_are_glued_to_their_option_and_lists_hold_only_values_that_cannot_be_options()
        {
            var one = Build(new AwsRequest(SnapshotOperations.DescribeRules).With("ListenerArn", ListenerArn), "us-east-1", "support", "http://127.0.0.1:5000");
            Assert.Equal(new[] { "elbv2", "describe-rules", "--listener-arn=" + ListenerArn, "--output=json", "--region=us-east-1", "--profile=support", "--endpoint-url=http://127.0.0.1:5000" }, one);

            var many = Build(new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", "web", "admin"));
            Assert.Equal(new[] { "elbv2", "describe-load-balancers", "--names", "web", "admin", "--output=json" }, many);

            var filters = Build(new AwsRequest(SnapshotOperations.DescribeSecurityGroups).Filter("group-id", new[] { "sg-612a6dd9c5fb4c264", "sg-fa5851f31e2d280d1" }));
            Assert.Equal(new[] { "ec2", "describe-security-groups", "--filters", "Name=group-id,Values=sg-612a6dd9c5fb4c264,sg-fa5851f31e2d280d1", "--output=json" }, filters);

            // Every argument after the command is an option we wrote, glued or followed by values that start with a letter.
            foreach (var args in new[] { one, many, filters })
                foreach (var a in args.Skip(2).Where(a => a.StartsWith('-')))
                    Assert.Contains(a.Split('=')[0], new[] { "--listener-arn", "--output", "--region", "--profile", "--endpoint-url", "--names", "--filters" });
        }

        [Fact]
        public void An_S3_key_that_looks_like_an_option_is_glued_and_one_the_CLI_would_load_is_refused()
        {
            var args = Build(new AwsRequest(AccessLogLocation.GetObject).With("Bucket", "alb-logs").With("Key", "--endpoint-url=http://x/").With(AwsOperationMap.OutFile, "/tmp/albt-1/0123456789abcdef.log.gz"));
            Assert.Equal(new[] { "s3api", "get-object", "--bucket=alb-logs", "--key=--endpoint-url=http://x/", "/tmp/albt-1/0123456789abcdef.log.gz", "--output=json" }, args);

            Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(AccessLogLocation.GetObject).With("Bucket", "alb-logs").With("Key", "file:///etc/passwd").With(AwsOperationMap.OutFile, "/tmp/x.log")));
            Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(AccessLogLocation.ListObjects).With("Bucket", "alb-logs").With("Prefix", "fileb://~/.aws/credentials")));
            Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(AccessLogLocation.ListObjects).With("Bucket", "--endpoint-url=http://x").With("Prefix", "AWSLogs/")));
            // The local file is always a full path: never an option, never relative to where the CLI runs.
            Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(AccessLogLocation.GetObject).With("Bucket", "alb-logs").With("Key", "k.log").With(AwsOperationMap.OutFile, "--debug")));
            Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(AccessLogLocation.GetObject).With("Bucket", "alb-logs").With("Key", "k.log").With(AwsOperationMap.OutFile, "../x.log")));
        }

        [Fact]
        public void A_parameter_without_a_rule_never_reaches_the_CLI()
        {
            var e = Assert.Throws<AwsArgumentException>(() => Build(new AwsRequest(SnapshotOperations.DescribeListeners).With("CliInputJson", "{}")));
            Assert.Equal("CliInputJson", e.ParameterName);
        }

        [Fact]
        public void Real_names_ARNs_and_IDs_pass()
        {
            Build(new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", "web", "a", "my-alb-2", new string('x', 32)));
            Build(new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("LoadBalancerArns", LbArn, LbArn.Replace("arn:aws:", "arn:aws-us-gov:", StringComparison.Ordinal)));
            Build(new AwsRequest(SnapshotOperations.DescribeTargetGroups).With("TargetGroupArns", TgArn));
            Build(new AwsRequest(SnapshotOperations.GetManagedPrefixListEntries).With("PrefixListId", "pl-63a5400a"), "cn-north-1");
            Build(new AwsRequest(SnapshotOperations.DescribeInstances).Filter("instance-id", new[] { "i-8d2c7ca13be2f2301" }), "eu-west-1", "my profile", "https://elasticloadbalancing.eu-west-1.amazonaws.com");
            Build(new AwsRequest(AccessLogLocation.ListObjects).With("Bucket", "Legacy_Bucket.Name").With("Prefix", "web-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/24/"));
        }

        [Fact]
        public void Every_parameter_the_collector_and_the_download_use_has_a_rule()
        {
            foreach (var map in AwsOperationMap.All)
                foreach (var parameter in map.ToolsParameters.Keys)
                {
                    var e = Record.Exception(() => Build(new AwsRequest(map.Operation).With(parameter, "file:///x")));
                    var refused = Assert.IsType<AwsArgumentException>(e);
                    Assert.Equal(parameter, refused.ParameterName);   // refused by its rule, not as unknown
                    Assert.DoesNotContain("No rule says", refused.Message, StringComparison.Ordinal);
                }
        }
    
        [Fact]
        public void Metric_queries_go_through_a_file_the_module_writes_so_no_quote_reaches_aws_cmd()
        {
            var queries = AlbTroubleshoot.CloudWatch.MetricQueries.For(LbArn, new[] { TgArn }, new[] { "us-east-1a", "us-east-1b" }, 60, null);
            var json = new AlbTroubleshoot.Json.JsonArray(queries.Select(q => (AlbTroubleshoot.Json.JsonValue)q.ToJson())).ToJson(false);
            var written = new System.Collections.Generic.List<string>();
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "albt-test", "value0.json");
            var args = AwsCliArguments.Build(AwsOperationMap.For(AlbTroubleshoot.CloudWatch.MetricData.Section),
                new AwsRequest(AlbTroubleshoot.CloudWatch.MetricData.Section).With("MetricDataQueries", json).With("StartTime", "2026-11-24T07:00:00Z").With("EndTime", "2026-11-24T10:00:00Z"),
                "us-east-1", null, null, value => { written.Add(value); return path; });

            Assert.Equal(new[] { json }, written);
            Assert.Contains("--metric-data-queries=file://" + path, (System.Collections.Generic.IEnumerable<string>)args);
            Assert.DoesNotContain(args, a => a.Contains('"'));
            // Through cmd.exe the whole line is accepted (inline JSON was refused for its double quotes) and short.
            var (_, line) = ProcessCommandLine.For(@"C:\Program Files\Python311\Scripts\aws.cmd", args, @"C:\Windows\system32\cmd.exe");
            Assert.True(line.Length < 1000, line);
        }

        [Fact]
        public void Athena_sql_goes_through_a_file_too_so_its_quotes_and_line_feeds_never_meet_cmd_exe()
        {
            const string Sql = "SELECT count(*)\nFROM db.t\nWHERE elb = 'app/web/50dc'";
            var written = new System.Collections.Generic.List<string>();
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "albt-test", "value0.txt");
            var args = AwsCliArguments.Build(AwsOperationMap.For(AthenaOperations.StartQueryExecution),
                new AwsRequest(AthenaOperations.StartQueryExecution).With("QueryString", Sql).With("WorkGroup", "primary").With("Database", "default"),
                "us-east-1", null, null, value => { written.Add(value); return path; });
            Assert.Equal(new[] { Sql }, written);
            Assert.Contains("--query-string=file://" + path, (System.Collections.Generic.IEnumerable<string>)args);
            Assert.DoesNotContain(args, a => a.Contains('\'') || a.Contains('\n'));
            ProcessCommandLine.For(@"C:\Program Files\Python311\Scripts\aws.cmd", args, @"C:\Windows\system32\cmd.exe");
        }

        [Fact]
        public void Metric_queries_are_checked_before_any_file_is_written()
        {
            var written = 0;
            var e = Assert.Throws<AwsArgumentException>(() => AwsCliArguments.Build(AwsOperationMap.For(AlbTroubleshoot.CloudWatch.MetricData.Section),
                new AwsRequest(AlbTroubleshoot.CloudWatch.MetricData.Section).With("MetricDataQueries", "[{\"Id\":\"q 0\"}]"), null, null, null, _ => { written++; return "/tmp/x.json"; }));
            Assert.Equal("MetricDataQueries", e.ParameterName);
            Assert.Equal(0, written);
        }
    }
}
