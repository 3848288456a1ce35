using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using Amazon.Runtime;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Security
{
    /// <summary>
    /// AWS failures read from what each back end gives (the aws CLI's stderr, as awscli 1.45 prints
    /// it; AWS Tools' exceptions, built from the real AWS SDK types), and the kind, hint and retry
    /// each gets. The cmdlets turn the kind into an ErrorCategory and error ID (Pester tests).
    /// </summary>
    public class AwsFailureTests
    {
        private const string Endpoint = "https://elasticloadbalancing.us-east-1.amazonaws.com";

        [Theory]
        [InlineData("\nAn error occurred (AccessDenied) when calling the DescribeLoadBalancers operation: User: arn:aws:iam::123456789012:user/ops is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers because no identity-based policy allows the elasticloadbalancing:DescribeLoadBalancers action\n",
            "AccessDenied", nameof(AwsFailureKind.AccessDenied), false, "The credentials need elasticloadbalancing:DescribeLoadBalancers (docs/permissions.md")]
        [InlineData("An error occurred (UnauthorizedOperation) when calling the DescribeNetworkAcls operation: You are not authorized to perform this operation.",
            "UnauthorizedOperation", nameof(AwsFailureKind.AccessDenied), false, "elasticloadbalancing:DescribeLoadBalancers")]
        [InlineData("An error occurred (LoadBalancerNotFound) when calling the DescribeLoadBalancers operation: The specified load balancer does not exist.",
            "LoadBalancerNotFound", nameof(AwsFailureKind.NotFound), false, "another Region or account")]
        [InlineData("An error occurred (Throttling) when calling the DescribeLoadBalancers operation (reached max retries: 4): Rate exceeded",
            "Throttling", nameof(AwsFailureKind.Throttled), false, "retries with backoff")]
        [InlineData("An error occurred (RequestLimitExceeded) when calling the DescribeSecurityGroups operation (reached max retries: 4): Request limit exceeded.",
            "RequestLimitExceeded", nameof(AwsFailureKind.Throttled), false, "quota")]
        [InlineData("An error occurred (ExpiredToken) when calling the DescribeLoadBalancers operation: The security token included in the request is expired",
            "ExpiredToken", nameof(AwsFailureKind.CredentialsRejected), true, "renew them")]
        [InlineData("\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
            "NoCredentials", nameof(AwsFailureKind.CredentialsMissing), true, "Set-AWSCredential -ProfileName")]
        [InlineData("\nThe config profile (nosuch) could not be found\n", "ProfileNotFound", nameof(AwsFailureKind.CredentialsMissing), true, "aws configure")]
        [InlineData("You must specify a region. You can also configure your region by running \"aws configure\".", "NoRegion", nameof(AwsFailureKind.RegionMissing), true, "Set-DefaultAWSRegion")]
        [InlineData("\nCould not connect to the endpoint URL: \"http://127.0.0.1:1/\"\n", "EndpointUnreachable", nameof(AwsFailureKind.Connection), true, "Could not reach http://127.0.0.1:1/")]
        [InlineData("\nConnect timeout on endpoint URL: \"https://elasticloadbalancing.eu-west-9.amazonaws.com/\"\n", "EndpointUnreachable", nameof(AwsFailureKind.Connection), true, "Could not reach https://elasticloadbalancing.eu-west-9.amazonaws.com/")]
        [InlineData("\nSSL validation failed for https://x.example/ [SSL: CERTIFICATE_VERIFY_FAILED]\n", "EndpointUnreachable", nameof(AwsFailureKind.Connection), true, "Could not reach https://x.example/")]
        [InlineData("usage: aws [options] <command> <subcommand>\naws: error: argument --names: expected at least one argument\n", "CliFailed", nameof(AwsFailureKind.Other), true, "")]
        public void The_CLI_stderr_gives_the_kind_and_the_hint(string stderr, string code, string kind, bool fatal, string hint)
        {
            var e = AwsFailureReader.FromCliStderr(SnapshotOperations.DescribeLoadBalancers, 255, stderr, Redaction.Patterns, Endpoint);
            Assert.Equal(code, e.ErrorCode);
            Assert.Equal(kind, e.Kind.ToString());
            Assert.Equal(fatal, e.IsFatal);
            Assert.Contains(hint, e.Hint, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void The_hint_names_the_IAM_action_of_each_call()
        {
            var cases = new Dictionary<string, string>
            {
                [SnapshotOperations.DescribeNetworkAcls] = "ec2:DescribeNetworkAcls",
                [SnapshotOperations.GetWebACLForResource] = "wafv2:GetWebACLForResource",
                [SnapshotOperations.DescribeTargetHealth] = "elasticloadbalancing:DescribeTargetHealth",
                [AlbTroubleshoot.AccessLogs.AccessLogLocation.ListObjects] = "s3:ListBucket",
                [AlbTroubleshoot.AccessLogs.AccessLogLocation.GetObject] = "s3:GetObject",
            };
            foreach (var (operation, action) in cases)
            {
                var e = new AwsCallException(operation, "AccessDenied", "denied");
                Assert.Equal("AccessDenied: denied The credentials need " + action + " (docs/permissions.md lists the policy).", e.Reason);
            }
        }

        [Fact]
        public void Every_IAM_action_in_a_hint_is_in_the_documented_policy()
        {
            var doc = System.IO.File.ReadAllText(System.IO.Path.Combine(RepoPaths.Root, "docs", "permissions.md"));
            foreach (var map in AwsOperationMap.All)
                Assert.Contains("\"" + map.IamAction + "\"", doc, StringComparison.Ordinal);
        }

        private static AwsCallException FromTools(params Exception[] chain) =>
            AwsFailureReader.FromToolsExceptions(SnapshotOperations.DescribeLoadBalancers, "Get-ELB2LoadBalancer", chain, Redaction.Patterns, Endpoint);

        [Fact]
        public void AWS_Tools_service_errors_are_read_by_their_ErrorCode_property()
        {
            // What AWS Tools' ThrowExecutionError throws: InvalidOperationException around the SDK's exception.
            var sdk = new AmazonServiceException("User is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers", null, ErrorType.Sender, "AccessDenied", "req-1", HttpStatusCode.Forbidden);
            var e = FromTools(new InvalidOperationException(sdk.Message, sdk), sdk);
            Assert.Equal("AccessDenied", e.ErrorCode);
            Assert.Equal(AwsFailureKind.AccessDenied, e.Kind);
            Assert.Null(e.InnerException);   // the SDK's exception is not carried along (its text may hold secrets)

            var throttled = new AmazonServiceException("Rate exceeded", null, ErrorType.Sender, "Throttling", "req-2", (HttpStatusCode)400);
            Assert.Equal(AwsFailureKind.Throttled, FromTools(new InvalidOperationException("Rate exceeded", throttled), throttled).Kind);
        }

        [Fact]
        public void AWS_Tools_network_failures_name_the_endpoint()
        {
            var refused = new HttpRequestException("Connection refused (127.0.0.1:1)");
            var e = AwsFailureReader.FromToolsExceptions(SnapshotOperations.DescribeLoadBalancers, "Get-ELB2LoadBalancer",
                new Exception[] { new InvalidOperationException("Connection refused (127.0.0.1:1)", refused), refused }, Redaction.Patterns, "http://127.0.0.1:1");
            Assert.Equal(AwsFailureKind.Connection, e.Kind);
            Assert.True(e.IsFatal);
            Assert.Contains("Could not reach http://127.0.0.1:1", e.Hint, StringComparison.Ordinal);
            // An SDK exception around the network one, without an error code, is still a connection failure.
            var wrapped = new AmazonServiceException("A WebException with status ConnectFailure was thrown.", refused);
            Assert.Equal(AwsFailureKind.Connection, FromTools(new InvalidOperationException(wrapped.Message, wrapped), wrapped, refused).Kind);
        }

        [Theory]
        [InlineData("No credentials specified or obtained from persisted/shell defaults.", nameof(AwsFailureKind.CredentialsMissing))]
        [InlineData("No region specified or obtained from persisted/shell defaults.", nameof(AwsFailureKind.RegionMissing))]
        [InlineData("Something else entirely.", nameof(AwsFailureKind.Other))]
        public void AWS_Tools_own_messages_about_credentials_and_Region(string message, string kind)
        {
            var e = FromTools(new InvalidOperationException(message));
            Assert.Equal(kind, e.Kind.ToString());
            Assert.True(e.IsFatal);
        }

        /// <summary>Fails the first calls with the given codes, then answers.</summary>
        private sealed class FlakyBackend : IAwsBackend
        {
            private readonly Queue<string> _codes;
            public FlakyBackend(params string[] codes) { _codes = new Queue<string>(codes); }
            public int Calls { get; private set; }
            public string Name => "Flaky";

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                Calls++;
                if (_codes.Count > 0) throw new AwsCallException(request.Operation, _codes.Dequeue(), "refused");
                return new JsonObject();
            }
        }

        [Fact]
        public void A_throttled_call_is_retried_with_growing_jittered_delays_and_succeeds()
        {
            var backend = new FlakyBackend("Throttling", "RequestLimitExceeded");
            var delays = new List<TimeSpan>();
            var messages = new List<string>();
            var retry = new ThrottlingRetry(backend, messages.Add, (d, _) => delays.Add(d), () => 0.5);
            retry.Invoke(new AwsRequest(SnapshotOperations.DescribeSubnets), CancellationToken.None);
            Assert.Equal(3, backend.Calls);
            Assert.Equal(new[] { 125.0, 250.0 }, delays.Select(d => d.TotalMilliseconds));
            Assert.Contains("DescribeSubnets was throttled (Throttling); retry 1 of 3", messages[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Still_throttled_after_the_retries_it_fails_as_throttled_and_other_failures_are_not_retried()
        {
            var backend = new FlakyBackend("Throttling", "Throttling", "Throttling", "Throttling", "Throttling");
            var delays = new List<TimeSpan>();
            var retry = new ThrottlingRetry(backend, null, (d, _) => delays.Add(d), () => 0.999);
            var e = Assert.Throws<AwsCallException>(() => retry.Invoke(new AwsRequest(SnapshotOperations.DescribeSubnets), CancellationToken.None));
            Assert.Equal(AwsFailureKind.Throttled, e.Kind);
            Assert.Equal(1 + ThrottlingRetry.MaxRetries, backend.Calls);
            Assert.True(delays.Zip(delays.Skip(1), (a, b) => b > a).All(x => x));
            Assert.True(delays.Sum(d => d.TotalSeconds) < 2, "the retries stay short: the SDK and CLI have retried already");

            var denied = new FlakyBackend("AccessDenied");
            Assert.Throws<AwsCallException>(() => new ThrottlingRetry(denied, null, (_, _) => Assert.Fail("no wait")).Invoke(new AwsRequest(SnapshotOperations.DescribeSubnets), CancellationToken.None));
            Assert.Equal(1, denied.Calls);
        }

        [Fact]
        public void Waiting_for_a_retry_stops_when_the_user_stops_the_command()
        {
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();
            var retry = new ThrottlingRetry(new FlakyBackend("Throttling"));
            Assert.Throws<OperationCanceledException>(() => retry.Invoke(new AwsRequest(SnapshotOperations.DescribeSubnets), cancel.Token));
        }

        [Theory]
        [InlineData("InvalidGroup.NotFound", nameof(AwsFailureKind.NotFound))]
        [InlineData("NoSuchBucket", nameof(AwsFailureKind.NotFound))]
        [InlineData("ResourceNotFoundException", nameof(AwsFailureKind.NotFound))]
        [InlineData("SlowDown", nameof(AwsFailureKind.Throttled))]
        [InlineData("AuthFailure", nameof(AwsFailureKind.CredentialsRejected))]
        [InlineData("ValidationError", nameof(AwsFailureKind.Other))]
        [InlineData("", nameof(AwsFailureKind.Other))]
        public void Error_codes_map_to_kinds(string code, string kind)
        {
            Assert.Equal(kind, AwsFailure.KindOf(code).ToString());
        }

        [Fact]
        public void The_endpoint_named_is_the_one_given_redacted_else_the_Regional_one()
        {
            Assert.Equal("http://***@127.0.0.1:1/", AwsFailure.EndpointOf(SnapshotOperations.DescribeLoadBalancers, "us-east-1", "http://u:p@127.0.0.1:1/", Redaction.Patterns));
            Assert.Equal("https://ec2.eu-west-1.amazonaws.com", AwsFailure.EndpointOf(SnapshotOperations.DescribeSubnets, "eu-west-1", null, Redaction.Patterns));
            Assert.Equal("https://elasticloadbalancing.cn-north-1.amazonaws.com.cn", AwsFailure.EndpointOf(SnapshotOperations.DescribeListeners, "cn-north-1", null, Redaction.Patterns));
            Assert.Equal("the s3 endpoint of the default Region", AwsFailure.EndpointOf(AlbTroubleshoot.AccessLogs.AccessLogLocation.GetObject, null, null, Redaction.Patterns));
        }
    }
}
