using System;
using System.Text;
using AlbTroubleshoot.Probe;
using Xunit;

namespace AlbTroubleshoot.Tests.Probe
{
    /// <summary>Values from users and snapshot files never put anything but a plain GET of a plain path on the wire.</summary>
    public class ProbeInputTests
    {
        [Theory]
        [InlineData("/")]
        [InlineData("/health")]
        [InlineData("/api/v1/status?verbose=1&x=%2F")]
        [InlineData("/AWS.ALB/healthcheck")]
        [InlineData("/a-b_c.d~e!$&'()*+,;=:@")]
        public void Paths_of_URI_characters_are_accepted(string path) => Assert.Null(ProbeInput.PathProblem(path));

        [Theory]
        [InlineData("/x\r\nX-Injected: 1", "carriage return")]
        [InlineData("/x\nHost: evil", "line feed")]
        [InlineData("/a b", "a space")]
        [InlineData("health", "does not start with '/'")]
        [InlineData("", "empty")]
        [InlineData("/x#frag", "'#'")]
        [InlineData("/caf\u00e9", "'\u00e9'")]
        [InlineData("/%zz", "two hexadecimal digits")]
        [InlineData("/\u001b[2J", "control character U+001B")]
        public void Paths_that_could_change_the_request_are_refused_with_the_reason(string path, string reason)
        {
            var problem = ProbeInput.PathProblem(path);
            Assert.NotNull(problem);
            Assert.Contains(reason, problem, StringComparison.Ordinal);
            Assert.DoesNotContain(problem!, c => c < 0x20);
            Assert.Throws<ArgumentException>(() => HttpResponseReader.Request("GET", path, "10.0.0.1", "probe", keepAlive: true));
        }

        [Fact]
        public void Paths_over_the_AWS_limit_of_1024_characters_are_refused()
        {
            Assert.Null(ProbeInput.PathProblem("/" + new string('a', 1023)));
            Assert.NotNull(ProbeInput.PathProblem("/" + new string('a', 1024)));
        }

        [Fact]
        public void The_request_is_a_small_GET_or_HEAD_and_nothing_else()
        {
            var bytes = HttpResponseReader.Request("GET", "/health", "10.0.1.15:8080", "probe/1", keepAlive: true);
            Assert.Equal("GET /health HTTP/1.1\r\nHost: 10.0.1.15:8080\r\nUser-Agent: probe/1\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n", Encoding.ASCII.GetString(bytes));
            Assert.Throws<ArgumentException>(() => HttpResponseReader.Request("POST", "/health", "h", "probe", keepAlive: false));
            Assert.Throws<ArgumentException>(() => HttpResponseReader.Request("DELETE", "/health", "h", "probe", keepAlive: false));
        }

        [Theory]
        [InlineData("10.0.1.15")]
        [InlineData("fd00::1")]
        [InlineData("app-1.internal.example")]
        [InlineData("localhost")]
        public void Addresses_and_host_names_are_accepted(string host) => Assert.Null(ProbeInput.HostProblem(host));

        [Theory]
        [InlineData("10.0.1")]
        [InlineData("host name")]
        [InlineData("evil\r\nX: 1")]
        [InlineData("http://10.0.0.1")]
        [InlineData("10.0.0.1:8080")]
        [InlineData("[::1]:80")]
        [InlineData("-bad.example")]
        [InlineData("")]
        public void Anything_else_is_not_an_address(string host)
        {
            Assert.NotNull(ProbeInput.HostProblem(host));
            Assert.Throws<ArgumentException>(() => new ProbeTarget("t", host, 80));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(65536)]
        public void Ports_outside_1_to_65535_are_refused(int port) =>
            Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeTarget("t", "10.0.0.1", port));

        [Theory]
        [InlineData("200", 200, true)]
        [InlineData("200", 204, false)]
        [InlineData("200,202", 202, true)]
        [InlineData("200-299", 299, true)]
        [InlineData("200-299", 301, false)]
        [InlineData(" 200 - 204 , 302 ", 302, true)]
        public void Matchers_are_codes_and_ranges(string text, int code, bool matches) =>
            Assert.Equal(matches, HttpCodeMatcher.Parse(text).Matches(code));

        [Theory]
        [InlineData("")]
        [InlineData("ok")]
        [InlineData("199")]
        [InlineData("500")]
        [InlineData("299-200")]
        [InlineData("200;202")]
        public void Matchers_outside_what_AWS_allows_are_refused(string text)
        {
            Assert.False(HttpCodeMatcher.TryParse(text, out _, out var problem));
            Assert.Contains("200", problem, StringComparison.Ordinal);
        }

        [Fact]
        public void Quoted_text_is_cut_and_shows_control_characters_visibly()
        {
            Assert.Equal("a\u241B[31mb\u240D\u240A<U+2028>", ProbeInput.Quote("a\u001b[31mb\r\n\u2028"));
            Assert.Equal("aaaa...", ProbeInput.Quote("aaaaaaaa", 4));
        }

        [Fact]
        public void The_back_end_TLS_policy_follows_the_listener_policies_as_AWS_documents()
        {
            Assert.Same(BackendTlsPolicy.Default, BackendTlsPolicy.ForListenerPolicies(new[] { "ELBSecurityPolicy-2016-08", null }));
            Assert.Same(BackendTlsPolicy.Default, BackendTlsPolicy.ForListenerPolicies(Array.Empty<string>()));
            Assert.Same(BackendTlsPolicy.Tls13Policy, BackendTlsPolicy.ForListenerPolicies(new[] { "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-2021-06" }));
            Assert.Same(BackendTlsPolicy.FipsPolicy, BackendTlsPolicy.ForListenerPolicies(new[] { "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04" }));
            Assert.False(BackendTlsPolicy.Default.OffersTls13);
            Assert.True(BackendTlsPolicy.Tls13Policy.OffersTls13);
        }
    }
}
