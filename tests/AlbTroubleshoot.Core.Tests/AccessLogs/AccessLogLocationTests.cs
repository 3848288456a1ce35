using System;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>Where -AccessLogFrom looks in S3: AWS's key layout, the days of a window, the files that cover it.</summary>
    public class AccessLogLocationTests
    {
        private static DateTime Utc(int day, int hour, int minute) => new DateTime(2026, 11, day, hour, minute, 0, DateTimeKind.Utc);

        private static AccessLogLocation Web(string prefix = "/web-logs/")
        {
            var lb = new AlbFixture().LbAttribute("access_logs.s3.enabled", "true").LbAttribute("access_logs.s3.bucket", "alb-logs")
                .LbAttribute("access_logs.s3.prefix", prefix).Model().LoadBalancers!.Single();
            return AccessLogLocation.Of(lb, out _)!;
        }

        [Fact]
        public void Reads_bucket_prefix_account_region_name_and_id_from_the_attributes_and_the_ARN()
        {
            var l = Web();
            Assert.Equal(("alb-logs", "web-logs", "111122223333", "eu-west-1", "web", "50dc6c495c0c9188"), (l.Bucket, l.Prefix, l.Account, l.Region, l.Name, l.Id));
            Assert.Equal("s3://alb-logs/web-logs/AWSLogs/111122223333/elasticloadbalancing/eu-west-1/", l.Root);
            Assert.Equal("s3://alb-logs/AWSLogs/111122223333/elasticloadbalancing/eu-west-1/", Web(string.Empty).Root);
        }

        [Fact]
        public void Says_why_there_is_no_location()
        {
            Assert.Null(AccessLogLocation.Of(new AlbFixture().Model().LoadBalancers!.Single(), out var off));
            Assert.Equal("access logging is off (access_logs.s3.enabled = not set)", off);
            var disabled = new AlbFixture().LbAttribute("access_logs.s3.enabled", "false").LbAttribute("access_logs.s3.bucket", "b").Model().LoadBalancers!.Single();
            Assert.Null(AccessLogLocation.Of(disabled, out var why));
            Assert.Equal("access logging is off (access_logs.s3.enabled = false)", why);
            Assert.Null(AccessLogLocation.Of(new AlbFixture().Without("DescribeLoadBalancerAttributes").Model().LoadBalancers!.Single(), out var unknown));
            Assert.Contains("DescribeLoadBalancerAttributes", unknown, StringComparison.Ordinal);
        }

        [Fact]
        public void Lists_one_prefix_per_day_down_to_this_load_balancer_s_files()
        {
            Assert.Equal(new[] { "web-logs/AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2026/11/24/111122223333_elasticloadbalancing_eu-west-1_app.web.50dc6c495c0c9188_" },
                Web().KeyPrefixes(Utc(24, 10, 0), Utc(24, 11, 0)));
            // A window that ends at 23:58 needs the next day too: its last file ends at 00:00 or 00:05.
            Assert.Equal(new[] { "2026/11/24/", "2026/11/25/" }, Web().KeyPrefixes(Utc(24, 23, 0), Utc(24, 23, 58)).Select(p => p.Substring(p.IndexOf("2026/", StringComparison.Ordinal), 11)));
            Assert.Equal(3, Web().KeyPrefixes(Utc(23, 12, 0), Utc(25, 1, 0)).Count);
            Assert.Throws<ArgumentException>(() => Web().KeyPrefixes(Utc(24, 12, 0), Utc(24, 11, 0)));
        }

        [Theory]
        // A file covers the 5 minutes up to its end time: it is in the window when its end is in (from, to + 5 min].
        [InlineData("20261124T1000Z", false)]
        [InlineData("20261124T1005Z", true)]
        [InlineData("20261124T1100Z", true)]
        [InlineData("20261124T1105Z", true)]
        [InlineData("20261124T1110Z", false)]
        public void A_file_covers_the_window_by_its_end_time(string end, bool covers)
        {
            var key = "p/AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2026/11/24/111122223333_elasticloadbalancing_eu-west-1_app.web.50dc6c495c0c9188_" + end + "_10.0.0.10_1a2b3c4d.log.gz";
            Assert.Equal(covers, AccessLogLocation.Covers(key, Utc(24, 10, 0), Utc(24, 11, 0)));
        }

        [Fact]
        public void A_key_without_an_end_time_covers_nothing()
        {
            Assert.Null(AccessLogLocation.EndTime("p/AWSLogs/ELBAccessLogTestFile"));
            Assert.False(AccessLogLocation.Covers("p/AWSLogs/ELBAccessLogTestFile", Utc(24, 10, 0), Utc(24, 11, 0)));
            Assert.Equal(Utc(24, 10, 5), AccessLogLocation.EndTime("x/1_elasticloadbalancing_r_app.a.b_20261124T1005Z_1.2.3.4_x.log.gz"));
        }
    }
}
