using System;
using System.IO;
using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>The mapper against shapes AWS wrote (TestData/snapshots/aws-examples, sources in its README).</summary>
    public partial class SnapshotMapperTests
    {
        private const string ExampleLb = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188";
        private const string ExampleTg = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067";
        private const string ShapesLb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shapes-alb/1a2b3c4d5e6f7a8b";
        private const string ShapesIpTg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shapes-ip/0a1b2c3d4e5f6a7b";

        private static readonly EnvironmentModel Shapes = SnapshotMapper.Map(TestFiles.AwsExample("documented-shapes"));

        public static TheoryData<string> AwsExampleFiles()
        {
            var data = new TheoryData<string>();
            foreach (var f in Directory.GetFiles(TestFiles.Path("snapshots", "aws-examples"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
                data.Add(System.IO.Path.GetFileNameWithoutExtension(f));
            return data;
        }

        [Theory]
        [MemberData(nameof(AwsExampleFiles))]
        public void Aws_example_snapshots_map_section_by_section(string name)
        {
            var document = TestFiles.AwsExample(name);
            var m = SnapshotMapper.Map(document);
            Assert.NotEmpty(document.Sections);
            Assert.Equal(document.Sections.OrderBy(s => s), m.PresentSections.OrderBy(s => s));
            // Only the one value AWS's own example gets wrong is unreadable (see the README).
            Assert.Equal(name == "ec2-examples" ? new[] { "DescribeInstances i-1234567890abcdef0 PrivateIpAddress: '10-0-0-157' is not an IP address" } : Array.Empty<string>(),
                m.Unreadable.Select(u => u.ToString()).ToArray());
        }

        [Fact]
        public void Aws_example_load_balancer_listeners_rules_and_attributes_come_through()
        {
            var m = SnapshotMapper.Map(TestFiles.AwsExample("elbv2-my-load-balancer"));
            var lb = m.FindLoadBalancer("my-load-balancer")!;
            Assert.Equal((ExampleLb, "application", "active", "internet-facing", "ipv4", true), (lb.Arn, lb.Type, lb.State, lb.Scheme, lb.IpAddressType, lb.IsApplicationLoadBalancer));
            Assert.Equal(new[] { "subnet-8360a9e7", "subnet-b7d581c0" }, lb.SubnetIds.ToArray());
            Assert.Equal(new[] { "HTTP:80", "HTTPS:443" }, lb.Listeners!.Select(l => l.ToString()).ToArray());
            Assert.All(lb.Listeners!, l => Assert.Null(l.MutualAuthentication));
            var http = lb.Listeners![0];
            Assert.Equal(new[] { "5 host-header *.example.com", "10 path-pattern /img/*", "default" },
                http.Rules!.Select(r => (r.Priority + " " + string.Join(" ", r.Conditions.Select(c => c.Field + " " + string.Join(",", c.Values)))).Trim()).ToArray());
            Assert.All(http.Rules!, r => Assert.Empty(r.Transforms));
            Assert.All(http.Rules!.SelectMany(r => r.Conditions), c => Assert.Empty(c.RegexValues));
            Assert.Null(lb.Listeners![1].Rules);   // no AWS example lists the HTTPS listener's rules: unknown, not none
            Assert.Equal("true", lb.Attributes!["routing.http2.enabled"]);
            var tg = m.FindTargetGroup(ExampleTg)!;
            Assert.Equal(("instance", "traffic-port", "300"), (tg.TargetType, tg.HealthCheck.Port, tg.Attributes!["deregistration_delay.timeout_seconds"]));
            Assert.Equal(new[] { "i-ceddcd4d healthy", "i-0f76fade healthy" }, tg.Targets!.Select(t => t.Id + " " + t.State).ToArray());
            Assert.All(tg.Targets!, t => Assert.Null(t.AdministrativeOverride));

            var acl = lb.WebAcl!;
            Assert.Equal((true, "test01", "Allow", (int?)null), (acl.IsAssociated, acl.Name, acl.DefaultAction, acl.DefaultActionResponseCode));
            var rule = Assert.Single(acl.Rules);
            Assert.Equal(("testrule01", 1, "AndStatement", "Block", (int?)null, (string?)null, false),
                (rule.Name, rule.Priority, rule.StatementType, rule.Action, rule.ResponseCode, rule.OverrideAction, rule.IsRuleGroup));
        }

        [Theory]
        [InlineData("unused", "i-0f76fade unused Target.NotInUse Target group is not configured to receive traffic from the load balancer")]
        [InlineData("initial", "i-0f76fade initial Elb.RegistrationInProgress Target registration is in progress")]
        [InlineData("unhealthy", "i-0f76fade unhealthy Target.Timeout Connection to target timed out")]
        [InlineData("lambda", "arn:aws:lambda:us-west-2:123456789012:function:my-function unavailable Target.HealthCheckDisabled Health checks are not enabled for this target")]
        [InlineData("botocore", "i-0f76fade unused Target.NotInUse Given target group is not configured to receive traffic from ELB|i-0f76fade healthy  ")]
        public void Aws_example_target_health_states_come_through(string variant, string expected)
        {
            var m = SnapshotMapper.Map(TestFiles.AwsExampleWithHealth(variant));
            var targets = m.FindTargetGroup(ExampleTg)!.Targets!;
            Assert.Equal(expected, string.Join("|", targets.Select(t => $"{t.Id} {t.State} {t.Reason} {t.Description}")));
            Assert.All(targets, t => Assert.Contains(t.State, AwsValues.TargetHealthStates));
            Assert.Empty(m.Unreadable);
        }

        [Fact]
        public void Aws_example_EC2_outputs_come_through_with_the_blackhole_route_and_the_unreadable_address_reported()
        {
            var m = SnapshotMapper.Map(TestFiles.AwsExample("ec2-examples"));
            var sg = m.FindSecurityGroup("sg-903004f8")!;
            Assert.Equal(new[] { "all traffic", "tcp/22" }, sg.Ingress.Select(r => r.TrafficText).ToArray());
            Assert.Equal("203.0.113.0/24", sg.Ingress[1].IpRanges.Single().ToString());
            Assert.Equal("sg-903004f8", sg.Ingress[0].UserIdGroupPairs.Single().GroupId);
            Assert.NotEmpty(m.NetworkAcls!);
            Assert.Equal(new[] { "subnet-0bb1c79de3EXAMPLE", "subnet-8EXAMPLE" }, m.Subnets!.Take(2).Select(s => s.Id).ToArray());

            var table = m.RouteTables!.Single(t => t.RouteTableId == "rtb-09ba434c1bEXAMPLE");
            var nat = table.Routes.Single(r => r.TargetKind == RouteTargetKind.NatGateway);
            Assert.Equal(("blackhole", false, "0.0.0.0/0 → nat-06c018cbd8EXAMPLE (blackhole)"), (nat.State, nat.IsActive, nat.ToString()));
            Assert.Equal(RouteVerdict.Blackhole, RouteEvaluator.Lookup(table, IpCidr.Parse("198.51.100.7")).Verdict);

            Assert.Equal("eni-e5aa89a3", m.NetworkInterfacesWithAddress("10.0.1.17")!.Single().Id);
            Assert.Equal("i-1234567890abcdef0", m.NetworkInterfacesWithAddress("10.0.1.17")![0].AttachmentInstanceId);

            // AWS's example gives the instance a PrivateIpAddress that is not one: kept as given, and reported.
            var instance = m.FindInstance("i-1234567890abcdef0")!;
            Assert.Equal(("10-0-0-157", "us-east-2a"), (instance.PrivateIpAddress, instance.AvailabilityZone));
            var unreadable = Assert.Single(m.UnreadableOf("i-1234567890abcdef0"));
            Assert.Equal((SnapshotOperations.DescribeInstances, "PrivateIpAddress", "'10-0-0-157'", false), (unreadable.Section, unreadable.Member, unreadable.Value, unreadable.ResourceLeftOut));
            Assert.Equal(new[] { "10.0.0.0/16", "10.2.0.0/16" }, m.PrefixListEntries("pl-0123456abcabcabc1")!.Select(c => c.ToString()).ToArray());
        }

        [Fact]
        public void Documented_shapes_rule_transforms_regex_conditions_and_jwt_validation_come_through()
        {
            var https = Shapes.FindLoadBalancer(ShapesLb)!.Listeners!.Single(l => l.Port == 443);
            var rewrite = https.Rules![0];
            Assert.Equal(new[] { "host-header-rewrite ^mywebsite-(.+).com$ => internal.dev.$1.myweb.com", "url-rewrite ^/legacy/(.+)$ => /v2/$1" },
                rewrite.Transforms.Select(t => t.Type + " " + string.Join(";", t.Rewrites.Select(w => w.Regex + " => " + w.Replace))).ToArray());
            Assert.Equal(new[] { "host-header ^mywebsite-(.+).com$", "path-pattern ^/legacy/(.+)$" },
                rewrite.Conditions.Select(c => c.Field + " " + string.Join(",", c.RegexValues)).ToArray());
            Assert.All(rewrite.Conditions, c => Assert.Empty(c.Values));

            var api = https.Rules[1];
            Assert.Equal(("User-Agent", "^orders-client/[0-9]+$"), (api.Conditions[1].HttpHeaderName, api.Conditions[1].RegexValues.Single()));
            Assert.Equal("/api/*", api.Conditions[0].Values.Single());
            Assert.Equal(new[] { "jwt-validation", "forward" }, api.Actions.Select(a => a.Type).ToArray());
            var jwt = api.Actions[0].JwtValidation!;
            Assert.Equal(("https://issuer.example.com/.well-known/jwks.json", "https://issuer.example.com"), (jwt.JwksEndpoint, jwt.Issuer));
            Assert.Equal(new[] { "scope space-separated-values read:orders,write:orders", "aud single-string orders-api" },
                jwt.AdditionalClaims.Select(c => c.Name + " " + c.Format + " " + string.Join(",", c.Values)).ToArray());
            Assert.Null(api.Actions[1].JwtValidation);
            Assert.True(https.Rules[2].IsDefault);
            Assert.Empty(https.Rules[2].Transforms);
        }

        [Fact]
        public void Documented_shapes_mutual_TLS_load_balancer_state_and_type_come_through()
        {
            var alb = Shapes.FindLoadBalancer("shapes-alb")!;
            Assert.Equal(("active_impaired", "The load balancer cannot scale out in us-east-1b.", true, (string?)null),
                (alb.State, alb.StateReason, alb.IsApplicationLoadBalancer, alb.NotApplicationReason));
            var mtls = alb.Listeners!.Single(l => l.Port == 443).MutualAuthentication!;
            Assert.Equal(("verify", true, "arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/shapes-trust/4a5b6c7d8e9f0a1b", false, "active", "off"),
                (mtls.Mode, mtls.IsVerify, mtls.TrustStoreArn, mtls.IgnoreClientCertificateExpiry, mtls.TrustStoreAssociationStatus, mtls.AdvertiseTrustStoreCaNames));
            Assert.Null(alb.Listeners!.Single(l => l.Port == 80).MutualAuthentication);

            var nlb = Shapes.FindLoadBalancer("shapes-nlb")!;
            Assert.Equal(("network", "provisioning", false), (nlb.Type, nlb.State, nlb.IsApplicationLoadBalancer));
            Assert.Equal("shapes-nlb is a network load balancer; AlbTroubleshoot diagnoses Application Load Balancers only.", nlb.NotApplicationReason);
        }

        [Fact]
        public void Documented_shapes_target_administrative_override_and_anomaly_detection_come_through()
        {
            var targets = Shapes.FindTargetGroup(ShapesIpTg)!.Targets!;
            Assert.Equal(new[]
            {
                "10.0.3.20 healthy no_override/AdministrativeOverride.NoOverride/No override is currently active on target normal/no",
                "10.0.4.7 unhealthy zonal_shift_active/AdministrativeOverride.ZonalShiftActive/Zonal shift is active on target anomalous/yes",
                "172.16.5.10 healthy zonal_shift_delegated_to_dns/AdministrativeOverride.ZonalShiftDelegatedToDns/Zonal shift is delegated to DNS -",
            }, targets.Select(t => $"{t.Id} {t.State} {t.AdministrativeOverride!.State}/{t.AdministrativeOverride.Reason}/{t.AdministrativeOverride.Description} " +
                (t.AnomalyDetection is null ? "-" : t.AnomalyDetection.Result + "/" + t.AnomalyDetection.MitigationInEffect)).ToArray());
            var attributes = Shapes.FindTargetGroup(ShapesIpTg)!.Attributes!;
            Assert.Equal(("false", "1", "off"), (attributes["load_balancing.cross_zone.enabled"],
                attributes["target_group_health.unhealthy_state_routing.minimum_healthy_targets.count"],
                attributes["target_group_health.dns_failover.minimum_healthy_targets.percentage"]));
        }

        [Fact]
        public void Documented_shapes_web_ACL_rules_actions_custom_codes_and_rule_groups_come_through()
        {
            var acl = Shapes.FindLoadBalancer("shapes-alb")!.WebAcl!;
            Assert.Equal(("Block", 404), (acl.DefaultAction, acl.DefaultActionResponseCode));
            Assert.Equal(new[]
            {
                "FirewallManagerFirst 1 FMManagedWebACLV2-ip-reputation ManagedRuleGroupStatement override None group AWS/AWSManagedRulesAmazonIpReputationList:Version_1.0",
                "WebAcl 0 rate-limit RateBasedStatement Block 429",
                "WebAcl 1 bot-captcha ByteMatchStatement Captcha",
                "WebAcl 2 challenge-signup ByteMatchStatement Challenge",
                "WebAcl 3 count-geo GeoMatchStatement Count",
                "WebAcl 4 allow-office IPSetReferenceStatement Allow",
                "WebAcl 5 AWS-AWSManagedRulesCommonRuleSet ManagedRuleGroupStatement override None group AWS/AWSManagedRulesCommonRuleSet",
                "WebAcl 6 team-rules RuleGroupReferenceStatement override Count group arn:aws:wafv2:us-east-1:123456789012:regional/rulegroup/team-rules/a1b2c3d4-5678-90ab-cdef-EXAMPLE44444",
            }, acl.Rules.Select(r => string.Join(" ", new object?[] { r.Origin, r.Priority, r.Name, r.StatementType, r.Action, r.ResponseCode,
                r.OverrideAction is null ? null : "override " + r.OverrideAction, r.RuleGroup is null ? null : "group " + r.RuleGroup }.Where(x => x is not null))).ToArray());
            var common = acl.Rules.Single(r => r.Name == "AWS-AWSManagedRulesCommonRuleSet");
            Assert.Equal(new[] { "SizeRestrictions_BODY Count", "CrossSiteScripting_BODY Captcha", "NoUserAgent_HEADER Count" },
                common.RuleActionOverrides.Select(o => o.Name + " " + o.Action).ToArray());
            Assert.Equal(("block-admin", "Block", 403), acl.Rules.Single(r => r.Name == "team-rules").RuleActionOverrides.Select(o => (o.Name, o.Action, o.ResponseCode)).Single());
        }

        [Fact]
        public void Documented_shapes_read_the_same_through_AWS_Tools_V4_and_V5_spellings()
        {
            var cli = TestFiles.AwsExample("documented-shapes");
            Assert.Equal(ModelDump.Of(SnapshotMapper.Map(cli)), ModelDump.Of(SnapshotMapper.Map(SdkShapes.ToSdkV4(cli))));
            Assert.Equal(ModelDump.Of(SnapshotMapper.Map(cli)), ModelDump.Of(SnapshotMapper.Map(SdkShapes.ToSdkV3(cli))));
        }
    }
}
