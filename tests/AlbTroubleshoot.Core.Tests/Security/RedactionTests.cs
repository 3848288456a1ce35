using System;
using AlbTroubleshoot.Collection;
using Xunit;

namespace AlbTroubleshoot.Tests.Security
{
    /// <summary>The one redaction function, on the texts that reach verbose messages, errors and snapshot Errors.</summary>
    public class RedactionTests
    {
        private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        private const string Token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD";

        [Theory]
        // The aws CLI's own message for an endpoint it could not reach (captured from awscli 1.45).
        [InlineData("Could not connect to the endpoint URL: \"http://user:pa55w0rd@127.0.0.1:1/\"", "Could not connect to the endpoint URL: \"http://***@127.0.0.1:1/\"")]
        [InlineData("aws elbv2 describe-load-balancers --endpoint-url=https://admin:s3cr%40t@proxy.example:8443/x", "aws elbv2 describe-load-balancers --endpoint-url=https://***@proxy.example:8443/x")]
        [InlineData("Failed to connect to proxy URL: \"http://bob:hunter2@proxy:3128\"", "Failed to connect to proxy URL: \"http://***@proxy:3128\"")]
        [InlineData("GET https://b.s3.amazonaws.com/k?X-Amz-Security-Token=FwoGZXIvYXdzEJr&X-Amz-Signature=abc123&X-Amz-Credential=AKIA/20260101", "GET https://b.s3.amazonaws.com/k?X-Amz-Security-Token=***&X-Amz-Signature=***&X-Amz-Credential=***")]
        [InlineData("aws_secret_access_key = abcDEF123/xyz", "aws_secret_access_key = ***")]
        [InlineData("AWS_SESSION_TOKEN=FwoGZXIvYXdz", "AWS_SESSION_TOKEN=***")]
        [InlineData("{\"SecretAccessKey\": \"abc/def+ghi\", \"SessionToken\":\"tok\"}", "{\"SecretAccessKey\": \"***\", \"SessionToken\":\"***\"}")]
        [InlineData("nothing secret in arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1", "nothing secret in arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1")]
        public void Patterns_mask_user_info_signatures_and_secret_settings(string text, string expected)
        {
            Assert.Equal(expected, Redaction.Patterns.Redact(text));
        }

        [Fact]
        public void Known_secrets_are_masked_wherever_they_appear_and_short_ones_are_not_searched()
        {
            var redaction = new Redaction(new[] { Secret, Token, null, "", "abc" });
            var text = "The request signature we calculated does not match (" + Secret + "); token " + Token + "; abc stays";
            var redacted = redaction.Redact(text);
            Assert.DoesNotContain(Secret, redacted, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, redacted, StringComparison.Ordinal);
            Assert.Contains("abc stays", redacted, StringComparison.Ordinal);
            Assert.Equal(2, redacted.Split(Redaction.Mask).Length - 1);
        }

        [Fact]
        public void An_endpoint_password_is_known_as_written_and_unescaped()
        {
            var redaction = new Redaction(Redaction.PasswordsOf("http://u:p%40ss-word@host/"));
            Assert.Equal("*** and ***", redaction.Redact("p%40ss-word and p@ss-word"));
            Assert.Empty(Redaction.PasswordsOf("http://host/"));
            Assert.Empty(Redaction.PasswordsOf("not a url"));
        }

        [Fact]
        public void Null_becomes_empty()
        {
            Assert.Equal(string.Empty, Redaction.Patterns.Redact(null));
        }

        [Fact]
        public void A_CLI_failure_is_redacted_before_it_becomes_an_exception()
        {
            var redaction = new Redaction(new[] { Secret });
            var e = AwsFailureReader.FromCliStderr("DescribeLoadBalancers", 255,
                "\nCould not connect to the endpoint URL: \"http://user:pa55w0rd@127.0.0.1:1/\"\n", redaction, "http://***@127.0.0.1:1/");
            Assert.DoesNotContain("pa55w0rd", e.Message + e.Reason + e.Endpoint + e.Hint, StringComparison.Ordinal);
            var denied = AwsFailureReader.FromCliStderr("DescribeLoadBalancers", 254,
                "An error occurred (SignatureDoesNotMatch) when calling the DescribeLoadBalancers operation: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " + Secret, redaction, "x");
            Assert.DoesNotContain(Secret, denied.Reason, StringComparison.Ordinal);
        }
    }
}
