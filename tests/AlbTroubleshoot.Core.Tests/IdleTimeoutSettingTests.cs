using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Snapshots;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>idle_timeout.timeout_seconds is read in one place; the checks, the metrics and the probe plan agree on it.</summary>
    public class IdleTimeoutSettingTests
    {
        private static IdleTimeoutSetting Of(string text) =>
            IdleTimeoutSetting.Of(new LoadBalancer { Attributes = new Dictionary<string, string> { [IdleTimeoutSetting.Key] = text, ["routing.http2.enabled"] = "true" } });

        [Theory]
        [InlineData("1", 1)]
        [InlineData("120", 120)]
        [InlineData("4000", 4000)]
        public void A_number_of_seconds_from_1_to_4000_is_the_timeout(string text, int seconds)
        {
            var idle = Of(text);
            Assert.Equal(seconds, idle.Seconds);
            Assert.True(idle.IsSet);
            Assert.Null(idle.Unreadable);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("4001")]
        [InlineData("-5")]
        [InlineData(" 60")]
        [InlineData("60s")]
        [InlineData("")]
        public void Any_other_value_is_not_known_and_kept_for_the_message(string text)
        {
            var idle = Of(text);
            Assert.Null(idle.Seconds);
            Assert.True(idle.AttributesKnown);
            Assert.Equal(text, idle.Unreadable);
        }

        [Fact]
        public void Not_set_is_AWS_default_and_no_attributes_is_not_known()
        {
            var unset = IdleTimeoutSetting.Of(new LoadBalancer { Attributes = new Dictionary<string, string> { ["routing.http2.enabled"] = "true" } });
            Assert.Equal(IdleTimeoutSetting.DefaultSeconds, unset.Seconds);
            Assert.False(unset.IsSet);

            var unknown = IdleTimeoutSetting.Of(new LoadBalancer());
            Assert.Null(unknown.Seconds);
            Assert.False(unknown.AttributesKnown);
        }

        [Theory]
        [InlineData("120", 120)]
        [InlineData("60s", null)]
        public void The_metric_evidence_compares_with_the_same_timeout(string text, int? seconds)
        {
            // Before the one reader, the metrics took an unreadable value as 60 s.
            var path = RepoPaths.Combine("samples", "metrics-502.json");
            var snapshot = new AlbSnapshot(SnapshotDocument.Load(path), path);
            var lb = snapshot.Model.LoadBalancers!.Single();
            lb.Attributes = new Dictionary<string, string> { [IdleTimeoutSetting.Key] = text };
            Assert.Equal(seconds, LoadBalancerDiagnoser.MetricsFor(snapshot, lb)!.IdleTimeoutSeconds);
        }

        [Fact]
        public void An_idle_timeout_of_0_does_not_rule_out_the_keep_alive_cause()
        {
            // Before the one reader, the checks took "0" as 0 s and ruled the cause out against any keep-alive.
            var cause = new AlbFixture().LbAttribute(IdleTimeoutSetting.Key, "0").Cause("502.TargetClosedKeepAliveConnection", new DiagnosisOptions { TargetKeepAliveSeconds = 30 });
            Assert.Equal(CauseVerdict.Possible, cause.VerdictKind);
            Assert.Contains("idle_timeout.timeout_seconds = 0", string.Join("\n", cause.Evidence), System.StringComparison.Ordinal);
        }
    }
}
