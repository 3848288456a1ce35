using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;
using static AlbTroubleshoot.Model.JsonRead;

namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// The one mapper from a snapshot document to the environment model. It first brings every
    /// section to CLI spelling (<see cref="CliSpelling"/>), so CLI JSON, AWS Tools V5 (SDK v4) and
    /// AWS Tools V4 (SDK v3) shapes all give the same model, then reads by property name.
    /// A missing section gives a null collection (unknown), never an empty one. A value it cannot
    /// read is recorded in <see cref="EnvironmentModel.Unreadable"/> as given: kept (an enumerated
    /// value AWS does not define), read as null (a number that is not one), or, where a wrong reading
    /// could change a network verdict, its whole resource left out so that checks see it as unknown.
    /// </summary>
    internal static class SnapshotMapper
    {
        public static EnvironmentModel Map(SnapshotDocument document)
        {
            if (document is null) throw new ArgumentNullException(nameof(document));
            var sections = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var operation in SnapshotOperations.All)
            {
                var section = document.GetSection(operation);
                if (section is not null) sections[operation] = CliSpelling.NormalizeSection(operation, section);
            }
            var issues = new Issues();

            List<JsonObject>? Items(string operation) =>
                sections.TryGetValue(operation, out var s) ? issues.Objects(s, operation, SnapshotOperations.ListProperty(operation)!) : null;
            JsonObject? PerResource(string operation, string key) =>
                sections.TryGetValue(operation, out var s) ? s[key] as JsonObject : null;

            var rules = Items(SnapshotOperations.DescribeRules)?.Select(r => MapRule(r, issues)).ToList();
            var listeners = Items(SnapshotOperations.DescribeListeners)?.Select(l => MapListener(l, rules, issues)).ToList();
            var listenersFailed = document.Errors.ContainsKey(SnapshotOperations.DescribeListeners);

            var model = new EnvironmentModel
            {
                Region = document.Region,
                CollectedAt = document.CollectedAt,
                PresentSections = sections.Keys.ToList(),
                Errors = document.Errors,
                LoadBalancers = Items(SnapshotOperations.DescribeLoadBalancers)?.Select(lb => MapLoadBalancer(lb, listeners, listenersFailed,
                    PerResource(SnapshotOperations.DescribeLoadBalancerAttributes, Str(lb, "LoadBalancerArn") ?? string.Empty),
                    sections.ContainsKey(SnapshotOperations.GetWebACLForResource),
                    PerResource(SnapshotOperations.GetWebACLForResource, Str(lb, "LoadBalancerArn") ?? string.Empty), issues)).ToList(),
                TargetGroups = Items(SnapshotOperations.DescribeTargetGroups)?.Select(tg => MapTargetGroup(tg,
                    PerResource(SnapshotOperations.DescribeTargetHealth, Str(tg, "TargetGroupArn") ?? string.Empty),
                    PerResource(SnapshotOperations.DescribeTargetGroupAttributes, Str(tg, "TargetGroupArn") ?? string.Empty), issues)).ToList(),
                SecurityGroups = issues.EachOrLeaveOut(Items(SnapshotOperations.DescribeSecurityGroups), SnapshotOperations.DescribeSecurityGroups, "GroupId", MapSecurityGroup),
                NetworkAcls = issues.EachOrLeaveOut(Items(SnapshotOperations.DescribeNetworkAcls), SnapshotOperations.DescribeNetworkAcls, "NetworkAclId", MapNetworkAcl),
                Subnets = Items(SnapshotOperations.DescribeSubnets)?.Select(s => MapSubnet(s, issues)).ToList(),
                RouteTables = Items(SnapshotOperations.DescribeRouteTables)?.Select((t, i) => MapRouteTable(t, i, issues)).ToList(),
                NetworkInterfaces = Items(SnapshotOperations.DescribeNetworkInterfaces)?.Select(n => MapNetworkInterface(n, issues)).ToList(),
                Instances = Items(SnapshotOperations.DescribeInstances)?.SelectMany(r => Objects(r, "Instances")).Select(i => MapInstance(i, issues)).ToList(),
                PrefixLists = sections.TryGetValue(SnapshotOperations.GetManagedPrefixListEntries, out var prefixLists) ? MapPrefixLists(prefixLists, issues) : null,
            };
            model.Unreadable = issues.Items;
            return model;
        }

        private static LoadBalancer MapLoadBalancer(JsonObject lb, List<Listener>? listeners, bool listenersFailed, JsonObject? attributes, bool webAclKnown,
            JsonObject? webAcl, Issues issues)
        {
            var arn = Str(lb, "LoadBalancerArn") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeLoadBalancers, arn);
            var own = listeners?.Where(l => l.LoadBalancerArn == arn).OrderBy(l => l.Port ?? 0).ToList();
            // A load balancer may have no listener; but none while DescribeListeners failed
            // (for one of several load balancers) means not read, not none.
            if (own is not null && own.Count == 0 && listenersFailed) own = null;
            var state = Obj(lb, "State");
            return new LoadBalancer
            {
                Arn = arn,
                Name = Str(lb, "LoadBalancerName") ?? string.Empty,
                DnsName = Str(lb, "DNSName"),
                Scheme = at.Enum(lb, "Scheme", AwsValues.Schemes),
                Type = at.Enum(lb, "Type", AwsValues.LoadBalancerTypes),
                VpcId = Str(lb, "VpcId"),
                State = at.Enum(state, "State.Code", AwsValues.LoadBalancerStates),
                StateReason = Str(state, "Reason"),
                IpAddressType = at.Enum(lb, "IpAddressType", AwsValues.IpAddressTypes),
                CreatedTime = at.Time(lb, "CreatedTime"),
                AvailabilityZones = Objects(lb, "AvailabilityZones").Select(z => new LoadBalancerZone
                {
                    ZoneName = Str(z, "ZoneName") ?? string.Empty,
                    SubnetId = Str(z, "SubnetId"),
                    OutpostId = Str(z, "OutpostId"),
                    Addresses = Objects(z, "LoadBalancerAddresses")
                        .Select(a => Str(a, "IpAddress") ?? Str(a, "PrivateIPv4Address") ?? Str(a, "IPv6Address"))
                        .Where(a => a is not null).Select(a => a!).ToList(),
                }).ToList(),
                SecurityGroupIds = Strings(lb, "SecurityGroups"),
                Listeners = own,
                Attributes = attributes is null ? null : MapAttributes(attributes, issues.At(SnapshotOperations.DescribeLoadBalancerAttributes, arn)),
                WebAcl = !webAclKnown || webAcl is null ? null : MapWebAcl(Obj(webAcl, "WebACL"), issues.At(SnapshotOperations.GetWebACLForResource, arn)),
            };
        }

        private static IReadOnlyDictionary<string, string> MapAttributes(JsonObject response, At at)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var a in Objects(response, "Attributes"))
            {
                var key = Str(a, "Key");
                if (key is not null) result[key] = Str(a, "Value") ?? string.Empty;
                else at.Add("Attributes[" + Index(i) + "].Key", a, "an attribute without a Key");
                i++;
            }
            return result;
        }

        private static WebAclAssociation MapWebAcl(JsonObject? acl, At at)
        {
            if (acl is null) return new WebAclAssociation { IsAssociated = false };
            var defaultAction = Obj(acl, "DefaultAction");
            var rules = new List<WebAclRule>();
            rules.AddRange(Objects(acl, "PreProcessFirewallManagerRuleGroups").Select((r, i) => MapWebAclRule(r, WebAclRuleOrigin.FirewallManagerFirst,
                "PreProcessFirewallManagerRuleGroups[" + Index(i) + "]", at)).OrderBy(r => r.Priority ?? int.MaxValue));
            rules.AddRange(Objects(acl, "Rules").Select((r, i) => MapWebAclRule(r, WebAclRuleOrigin.WebAcl, "Rules[" + Index(i) + "]", at))
                .OrderBy(r => r.Priority ?? int.MaxValue));
            rules.AddRange(Objects(acl, "PostProcessFirewallManagerRuleGroups").Select((r, i) => MapWebAclRule(r, WebAclRuleOrigin.FirewallManagerLast,
                "PostProcessFirewallManagerRuleGroups[" + Index(i) + "]", at)).OrderBy(r => r.Priority ?? int.MaxValue));
            return new WebAclAssociation
            {
                IsAssociated = true,
                Arn = Str(acl, "ARN") ?? Str(acl, "Arn"),
                Name = Str(acl, "Name"),
                Id = Str(acl, "Id"),
                DefaultAction = at.Key(defaultAction, "WebACL.DefaultAction", AwsValues.WafDefaultActions),
                DefaultActionResponseCode = at.Int(Obj(Obj(defaultAction, "Block"), "CustomResponse"), "WebACL.DefaultAction.Block.CustomResponse.ResponseCode"),
                Rules = rules,
            };
        }

        private static WebAclRule MapWebAclRule(JsonObject r, WebAclRuleOrigin origin, string path, At at)
        {
            // A Firewall Manager rule group holds its statement under FirewallManagerStatement.
            var statement = Obj(r, "Statement") ?? Obj(r, "FirewallManagerStatement");
            var managed = Obj(statement, "ManagedRuleGroupStatement");
            var reference = Obj(statement, "RuleGroupReferenceStatement");
            var action = Obj(r, "Action");
            var actionName = at.Key(action, path + ".Action", AwsValues.WafRuleActions);
            string? group = null;
            if (managed is not null)
                group = (Str(managed, "VendorName") ?? "?") + "/" + (Str(managed, "Name") ?? "?") + (Str(managed, "Version") is string v ? ":" + v : string.Empty);
            else if (reference is not null)
                group = Str(reference, "ARN") ?? "?";
            var groupStatement = managed ?? reference;
            var overrides = Objects(groupStatement, "RuleActionOverrides").Select((o, i) =>
            {
                var use = Obj(o, "ActionToUse");
                var overridePath = path + ".Statement.RuleActionOverrides[" + Index(i) + "].ActionToUse";
                return new WebAclRuleActionOverride
                {
                    Name = Str(o, "Name") ?? string.Empty,
                    Action = at.Key(use, overridePath, AwsValues.WafRuleActions),
                    ResponseCode = at.Int(Obj(Obj(use, "Block"), "CustomResponse"), overridePath + ".Block.CustomResponse.ResponseCode"),
                };
            }).ToList();
            // ExcludedRules is the older way to set a group's rules to Count.
            foreach (var excluded in Objects(groupStatement, "ExcludedRules"))
                if (Str(excluded, "Name") is string name && !overrides.Any(o => o.Name == name))
                    overrides.Add(new WebAclRuleActionOverride { Name = name, Action = "Count" });
            return new WebAclRule
            {
                Name = Str(r, "Name") ?? string.Empty,
                Priority = at.Int(r, path + ".Priority"),
                Origin = origin,
                StatementType = statement?.Names.FirstOrDefault(),
                Action = actionName,
                ResponseCode = at.Int(Obj(Obj(action, "Block"), "CustomResponse"), path + ".Action.Block.CustomResponse.ResponseCode"),
                OverrideAction = at.Key(Obj(r, "OverrideAction"), path + ".OverrideAction", AwsValues.WafOverrideActions),
                RuleGroup = group,
                RuleActionOverrides = overrides,
            };
        }

        private static Listener MapListener(JsonObject l, List<ListenerRule>? rules, Issues issues)
        {
            var arn = Str(l, "ListenerArn") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeListeners, arn);
            var own = rules?.Where(r => r.ListenerArn == arn)
                .OrderBy(r => r.IsDefault || r.PriorityNumber is null ? 1 : 0)
                .ThenBy(r => r.PriorityNumber ?? int.MaxValue)
                .ToList();
            // Every listener has a default rule, so a listener without rules in the section had
            // its DescribeRules call fail (or was added by hand): its rules are unknown.
            if (own is not null && own.Count == 0) own = null;
            var mutual = Obj(l, "MutualAuthentication");
            return new Listener
            {
                Arn = arn,
                LoadBalancerArn = Str(l, "LoadBalancerArn") ?? string.Empty,
                Protocol = at.Enum(l, "Protocol", AwsValues.Protocols),
                Port = at.Int(l, "Port"),
                SslPolicy = Str(l, "SslPolicy"),
                CertificateArns = Objects(l, "Certificates").Select(c => Str(c, "CertificateArn")).Where(c => c is not null).Select(c => c!).ToList(),
                AlpnPolicy = Strings(l, "AlpnPolicy"),
                DefaultActions = MapActions(l, "DefaultActions", at),
                MutualAuthentication = mutual is null ? null : new MutualAuthenticationSettings
                {
                    Mode = at.Enum(mutual, "MutualAuthentication.Mode", AwsValues.MutualAuthenticationModes),
                    TrustStoreArn = Str(mutual, "TrustStoreArn"),
                    IgnoreClientCertificateExpiry = at.Bool(mutual, "MutualAuthentication.IgnoreClientCertificateExpiry"),
                    TrustStoreAssociationStatus = Str(mutual, "TrustStoreAssociationStatus"),
                    AdvertiseTrustStoreCaNames = Str(mutual, "AdvertiseTrustStoreCaNames"),
                },
                Rules = own,
            };
        }

        /// <summary>listener-rule/app/n/lb/listener/rule → listener/app/n/lb/listener (docs/snapshot-format.md).</summary>
        internal static string ListenerArnOfRule(string ruleArn)
        {
            var slash = ruleArn.LastIndexOf('/');
            if (slash < 0) return string.Empty;
            return ruleArn.Substring(0, slash).Replace(":listener-rule/", ":listener/");
        }

        private static ListenerRule MapRule(JsonObject r, Issues issues)
        {
            var arn = Str(r, "RuleArn") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeRules, arn);
            var priority = Str(r, "Priority") ?? string.Empty;
            var number = Int(r, "Priority");
            if (number is null && priority.Length > 0 && priority != "default")
                at.Add("Priority", r["Priority"], "'" + priority + "' is neither a number nor \"default\"");
            return new ListenerRule
            {
                Arn = arn,
                ListenerArn = ListenerArnOfRule(arn),
                Priority = priority,
                PriorityNumber = number,
                IsDefault = at.Bool(r, "IsDefault") ?? string.Equals(priority, "default", StringComparison.Ordinal),
                Conditions = Objects(r, "Conditions").Select((c, i) => MapCondition(c, "Conditions[" + Index(i) + "]", at)).ToList(),
                Actions = MapActions(r, "Actions", at),
                Transforms = Objects(r, "Transforms").Select((t, i) => MapTransform(t, "Transforms[" + Index(i) + "]", at)).ToList(),
            };
        }

        private static readonly string[] ConditionConfigs = { "HostHeaderConfig", "PathPatternConfig", "HttpHeaderConfig", "HttpRequestMethodConfig", "SourceIpConfig" };

        private static RuleCondition MapCondition(JsonObject c, string path, At at)
        {
            var values = new List<string>(Strings(c, "Values"));
            var regexes = new List<string>(Strings(c, "RegexValues"));
            foreach (var config in ConditionConfigs)
            {
                foreach (var v in Strings(Obj(c, config), "Values"))
                    if (!values.Contains(v)) values.Add(v);
                foreach (var v in Strings(Obj(c, config), "RegexValues"))
                    if (!regexes.Contains(v)) regexes.Add(v);
            }
            return new RuleCondition
            {
                Field = at.Enum(c, path + ".Field", AwsValues.ConditionFields) ?? string.Empty,
                Values = values,
                RegexValues = regexes,
                HttpHeaderName = Str(Obj(c, "HttpHeaderConfig"), "HttpHeaderName"),
                QueryStrings = Objects(Obj(c, "QueryStringConfig"), "Values")
                    .Select(kv => new KeyValuePair<string?, string>(Str(kv, "Key"), Str(kv, "Value") ?? string.Empty)).ToList(),
            };
        }

        private static RuleTransform MapTransform(JsonObject t, string path, At at)
        {
            var type = at.Enum(t, path + ".Type", AwsValues.TransformTypes) ?? string.Empty;
            var config = type == "url-rewrite" ? Obj(t, "UrlRewriteConfig") : type == "host-header-rewrite" ? Obj(t, "HostHeaderRewriteConfig")
                : Obj(t, "HostHeaderRewriteConfig") ?? Obj(t, "UrlRewriteConfig");
            return new RuleTransform
            {
                Type = type,
                Rewrites = Objects(config, "Rewrites").Select(w => new RewriteRule { Regex = Str(w, "Regex"), Replace = Str(w, "Replace") }).ToList(),
            };
        }

        private static IReadOnlyList<RuleAction> MapActions(JsonObject owner, string name, At at) =>
            Objects(owner, name).Select((a, i) => MapAction(a, name + "[" + Index(i) + "]", at)).OrderBy(a => a.Order ?? int.MaxValue).ToList();

        private static RuleAction MapAction(JsonObject a, string path, At at)
        {
            var type = at.Enum(a, path + ".Type", AwsValues.ActionTypes) ?? string.Empty;
            var forward = Obj(a, "ForwardConfig");
            var groups = Objects(forward, "TargetGroups")
                .Select((t, i) => new WeightedTargetGroup { TargetGroupArn = Str(t, "TargetGroupArn") ?? string.Empty, Weight = at.Int(t, path + ".ForwardConfig.TargetGroups[" + Index(i) + "].Weight") })
                .ToList();
            var single = Str(a, "TargetGroupArn");
            if (single is not null && !groups.Any(g => g.TargetGroupArn == single))
                groups.Insert(0, new WeightedTargetGroup { TargetGroupArn = single });
            var stickiness = Obj(forward, "TargetGroupStickinessConfig");
            var redirect = Obj(a, "RedirectConfig");
            var fixedResponse = Obj(a, "FixedResponseConfig");
            var oidc = Obj(a, "AuthenticateOidcConfig");
            var cognito = Obj(a, "AuthenticateCognitoConfig");
            var jwt = Obj(a, "JwtValidationConfig");
            return new RuleAction
            {
                Type = type,
                Order = at.Int(a, path + ".Order"),
                TargetGroups = groups,
                StickinessEnabled = at.Bool(stickiness, path + ".ForwardConfig.TargetGroupStickinessConfig.Enabled"),
                StickinessDurationSeconds = at.Int(stickiness, path + ".ForwardConfig.TargetGroupStickinessConfig.DurationSeconds"),
                Redirect = redirect is null ? null : new RedirectSettings
                {
                    Protocol = Str(redirect, "Protocol"),
                    Port = Str(redirect, "Port"),
                    Host = Str(redirect, "Host"),
                    Path = Str(redirect, "Path"),
                    Query = Str(redirect, "Query"),
                    StatusCode = Str(redirect, "StatusCode"),
                },
                FixedResponse = fixedResponse is null ? null : new FixedResponseSettings
                {
                    StatusCode = Str(fixedResponse, "StatusCode"),
                    ContentType = Str(fixedResponse, "ContentType"),
                    MessageBody = Str(fixedResponse, "MessageBody"),
                },
                Authenticate = oidc is not null ? MapAuthenticate("oidc", oidc, path + ".AuthenticateOidcConfig", at)
                    : cognito is not null ? MapAuthenticate("cognito", cognito, path + ".AuthenticateCognitoConfig", at) : null,
                JwtValidation = jwt is null ? null : new JwtValidationSettings
                {
                    JwksEndpoint = Str(jwt, "JwksEndpoint"),
                    Issuer = Str(jwt, "Issuer"),
                    AdditionalClaims = Objects(jwt, "AdditionalClaims").Select((c, i) => new JwtClaim
                    {
                        Name = Str(c, "Name"),
                        Format = at.Enum(c, path + ".JwtValidationConfig.AdditionalClaims[" + Index(i) + "].Format", AwsValues.JwtClaimFormats),
                        Values = Strings(c, "Values"),
                    }).ToList(),
                },
            };
        }

        private static AuthenticateSettings MapAuthenticate(string provider, JsonObject c, string path, At at) => new AuthenticateSettings
        {
            Provider = provider,
            Issuer = Str(c, "Issuer"),
            AuthorizationEndpoint = Str(c, "AuthorizationEndpoint"),
            TokenEndpoint = Str(c, "TokenEndpoint"),
            UserInfoEndpoint = Str(c, "UserInfoEndpoint"),
            ClientId = Str(c, "ClientId"),
            UserPoolArn = Str(c, "UserPoolArn"),
            UserPoolClientId = Str(c, "UserPoolClientId"),
            UserPoolDomain = Str(c, "UserPoolDomain"),
            Scope = Str(c, "Scope"),
            SessionCookieName = Str(c, "SessionCookieName"),
            SessionTimeout = at.Long(c, path + ".SessionTimeout"),
            OnUnauthenticatedRequest = Str(c, "OnUnauthenticatedRequest"),
        };

        private static TargetGroup MapTargetGroup(JsonObject tg, JsonObject? health, JsonObject? attributes, Issues issues)
        {
            var arn = Str(tg, "TargetGroupArn") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeTargetGroups, arn);
            var matcher = Obj(tg, "Matcher");
            var targetType = at.Enum(tg, "TargetType", AwsValues.TargetTypes);
            return new TargetGroup
            {
                Arn = arn,
                Name = Str(tg, "TargetGroupName") ?? string.Empty,
                Protocol = at.Enum(tg, "Protocol", AwsValues.Protocols),
                ProtocolVersion = Str(tg, "ProtocolVersion"),
                Port = at.Int(tg, "Port"),
                VpcId = Str(tg, "VpcId"),
                TargetType = targetType,
                IpAddressType = Str(tg, "IpAddressType"),
                TargetControlPort = at.Int(tg, "TargetControlPort"),
                HealthCheck = new HealthCheckSettings
                {
                    Enabled = at.Bool(tg, "HealthCheckEnabled"),
                    Protocol = at.Enum(tg, "HealthCheckProtocol", AwsValues.Protocols),
                    Port = at.HealthCheckPort(tg, "HealthCheckPort"),
                    Path = Str(tg, "HealthCheckPath"),
                    IntervalSeconds = at.Int(tg, "HealthCheckIntervalSeconds"),
                    TimeoutSeconds = at.Int(tg, "HealthCheckTimeoutSeconds"),
                    HealthyThresholdCount = at.Int(tg, "HealthyThresholdCount"),
                    UnhealthyThresholdCount = at.Int(tg, "UnhealthyThresholdCount"),
                    MatcherHttpCode = Str(matcher, "HttpCode"),
                    MatcherGrpcCode = Str(matcher, "GrpcCode"),
                },
                LoadBalancerArns = Strings(tg, "LoadBalancerArns"),
                Targets = health is null ? null : Objects(health, "TargetHealthDescriptions").Select(d => MapTarget(d, arn, targetType, issues)).ToList(),
                Attributes = attributes is null ? null : MapAttributes(attributes, issues.At(SnapshotOperations.DescribeTargetGroupAttributes, arn)),
            };
        }

        private static RegisteredTarget MapTarget(JsonObject d, string groupArn, string? targetType, Issues issues)
        {
            var target = Obj(d, "Target");
            var health = Obj(d, "TargetHealth");
            var id = Str(target, "Id") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeTargetHealth, id, groupArn);
            if (targetType == "ip" && id.Length > 0 && !System.Net.IPAddress.TryParse(id, out _))
                at.Add("Target.Id", target!["Id"], "'" + id + "' is not an IP address, and the target group's targets are IP addresses");
            var adminOverride = Obj(d, "AdministrativeOverride");
            var anomaly = Obj(d, "AnomalyDetection");
            return new RegisteredTarget
            {
                Id = id,
                Port = at.Int(target, "Target.Port"),
                AvailabilityZone = Str(target, "AvailabilityZone"),
                HealthCheckPort = at.HealthCheckPort(d, "HealthCheckPort"),
                State = at.Enum(health, "TargetHealth.State", AwsValues.TargetHealthStates),
                Reason = at.Enum(health, "TargetHealth.Reason", AwsValues.TargetHealthReasons),
                Description = Str(health, "Description"),
                AdministrativeOverride = adminOverride is null ? null : new TargetAdministrativeOverride
                {
                    State = at.Enum(adminOverride, "AdministrativeOverride.State", AwsValues.AdministrativeOverrideStates),
                    Reason = Str(adminOverride, "Reason"),
                    Description = Str(adminOverride, "Description"),
                },
                AnomalyDetection = anomaly is null ? null : new TargetAnomalyDetection
                {
                    Result = at.Enum(anomaly, "AnomalyDetection.Result", AwsValues.AnomalyResults),
                    MitigationInEffect = at.Enum(anomaly, "AnomalyDetection.MitigationInEffect", AwsValues.MitigationInEffect),
                },
            };
        }

        // Security groups and NACLs are read whole or not at all: a rule that cannot be read could be
        // the one that allows or denies, so the resource is left out (unknown) rather than evaluated without it.

        private static SecurityGroup MapSecurityGroup(JsonObject g)
        {
            var id = Str(g, "GroupId") ?? string.Empty;
            if (id.Length == 0) throw new ItemUnreadable("GroupId", null, "a security group has no GroupId");
            return new SecurityGroup(id, Str(g, "GroupName"), Str(g, "VpcId"), Str(g, "OwnerId"),
                Objects(g, "IpPermissions").Select((p, i) => MapPermission(p, "IpPermissions[" + Index(i) + "]")).ToList(),
                Objects(g, "IpPermissionsEgress").Select((p, i) => MapPermission(p, "IpPermissionsEgress[" + Index(i) + "]")).ToList());
        }

        private static SecurityGroupRule MapPermission(JsonObject p, string path) => new SecurityGroupRule(
            Protocol(p, "IpProtocol", path),
            WholeInt(p, "FromPort", path),
            WholeInt(p, "ToPort", path),
            Objects(p, "IpRanges").Select((r, i) => Cidr(r, "CidrIp", path + ".IpRanges[" + Index(i) + "]")).ToList(),
            Objects(p, "Ipv6Ranges").Select((r, i) => Cidr(r, "CidrIpv6", path + ".Ipv6Ranges[" + Index(i) + "]")).ToList(),
            Objects(p, "UserIdGroupPairs").Select((u, i) => new SecurityGroupReference(
                Str(u, "GroupId") is { Length: > 0 } groupId ? groupId : throw new ItemUnreadable(path + ".UserIdGroupPairs[" + Index(i) + "].GroupId", null, "a group reference has no GroupId"),
                Str(u, "UserId"), Str(u, "VpcId"), Str(u, "VpcPeeringConnectionId"))).ToList(),
            Objects(p, "PrefixListIds").Select(r => Str(r, "PrefixListId") ?? string.Empty).ToList());

        /// <summary>
        /// Reads one NACL in any of the shapes the mapper accepts (CLI JSON, AWS Tools V4/V5 objects
        /// turned into JSON), for commands that take NACLs alone; throws <see cref="SnapshotFormatException"/>
        /// naming the NACL, rule and value it cannot read.
        /// </summary>
        internal static NetworkAcl ReadNetworkAcl(JsonObject networkAcl)
        {
            var section = CliSpelling.NormalizeSection(SnapshotOperations.DescribeNetworkAcls,
                new JsonObject { { "NetworkAcls", new JsonArray(new JsonValue[] { networkAcl }) } });
            var item = Objects(section, "NetworkAcls").Single();
            try
            {
                return MapNetworkAcl(item);
            }
            catch (ItemUnreadable e)
            {
                var id = Str(item, "NetworkAclId");
                throw new SnapshotFormatException(ErrorIds.SnapshotNotASnapshot, "snapshot",
                    SnapshotOperations.DescribeNetworkAcls + (id is null ? string.Empty : " " + id) + " " + e.Reason + " (" + e.Member + ").");
            }
        }

        private static NetworkAcl MapNetworkAcl(JsonObject n)
        {
            var id = Str(n, "NetworkAclId") ?? string.Empty;
            if (id.Length == 0) throw new ItemUnreadable("NetworkAclId", null, "a network ACL has no NetworkAclId (pipe Get-EC2NetworkAcl output or the JSON of 'aws ec2 describe-network-acls')");
            // Every NACL has at least its default rules: no Entries means the rules are not known, not that there are none.
            if (n["Entries"] is not JsonArray) throw new ItemUnreadable("Entries", n["Entries"], "it has no Entries, so its rules are not known");
            var entries = Objects(n, "Entries").Select((e, i) =>
            {
                var path = "Entries[" + Index(i) + "]";
                var number = WholeInt(e, "RuleNumber", path) ?? 0;
                var rule = "rule " + number.ToString(CultureInfo.InvariantCulture) + ": ";
                var action = Str(e, "RuleAction");
                if (action != "allow" && action != "deny") throw new ItemUnreadable(path + ".RuleAction", e["RuleAction"], rule + "RuleAction is '" + action + "', not allow or deny");
                var ports = Obj(e, "PortRange");
                var icmp = Obj(e, "IcmpTypeCode");
                var from = WholeInt(ports, "From", path + ".PortRange");
                var to = WholeInt(ports, "To", path + ".PortRange");
                var cidrName = Str(e, "CidrBlock") is null && Str(e, "Ipv6CidrBlock") is not null ? "Ipv6CidrBlock" : "CidrBlock";
                try
                {
                    return new NetworkAclEntry(number, WholeBool(e, "Egress", path) ?? false, Protocol(e, "Protocol", path, rule), action == "allow",
                        Cidr(e, cidrName, path, rule),
                        from is null ? null : new PortRange(from.Value, to ?? from.Value),
                        WholeInt(icmp, "Type", path + ".IcmpTypeCode"), WholeInt(icmp, "Code", path + ".IcmpTypeCode"));
                }
                catch (ArgumentOutOfRangeException e2)
                {
                    throw new ItemUnreadable(path, e, rule + e2.Message.Split('\n')[0].TrimEnd('.'));
                }
            }).ToList();
            var subnets = Objects(n, "Associations").Select(a => Str(a, "SubnetId")).Where(s => s is not null).Select(s => s!);
            return new NetworkAcl(id, Str(n, "VpcId"), entries, subnets, WholeBool(n, "IsDefault", string.Empty) ?? false);
        }

        private static Subnet MapSubnet(JsonObject s, Issues issues)
        {
            var id = Str(s, "SubnetId") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeSubnets, id);
            var cidr = Str(s, "CidrBlock");
            if (cidr is not null && !IpCidr.TryParse(cidr, out _)) at.Add("CidrBlock", s["CidrBlock"], "'" + cidr + "' is not a CIDR block");
            return new Subnet
            {
                Id = id,
                VpcId = Str(s, "VpcId"),
                AvailabilityZone = Str(s, "AvailabilityZone"),
                AvailabilityZoneId = Str(s, "AvailabilityZoneId"),
                CidrBlock = cidr,
                Ipv6CidrBlocks = Objects(s, "Ipv6CidrBlockAssociationSet")
                    .Where(a => (Str(Obj(a, "Ipv6CidrBlockState"), "State") ?? "associated") == "associated")
                    .Select(a => Str(a, "Ipv6CidrBlock")).Where(c => c is not null).Select(c => c!).ToList(),
                State = Str(s, "State"),
                MapPublicIpOnLaunch = at.Bool(s, "MapPublicIpOnLaunch"),
            };
        }

        /// <summary>
        /// A route table is kept even when a route cannot be read: leaving it out would send its
        /// subnets to the VPC's main table. The evaluator answers Unknown for a table with
        /// <see cref="RouteTable.Unreadable"/> routes.
        /// </summary>
        private static RouteTable MapRouteTable(JsonObject t, int index, Issues issues)
        {
            var id = Str(t, "RouteTableId") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeRouteTables, id.Length > 0 ? id : "#" + Index(index));
            var unreadable = new List<string>();
            if (id.Length == 0)
            {
                id = "#" + Index(index);
                unreadable.Add("it has no RouteTableId");
                at.Add("RouteTableId", null, "a route table has no RouteTableId");
            }
            // A disassociated association no longer routes the subnet; AWS lists it briefly after a change.
            var associations = Objects(t, "Associations")
                .Where(a => (Str(Obj(a, "AssociationState"), "State") ?? "associated") == "associated").ToList();
            var routes = new List<Route>();
            var i = 0;
            foreach (var r in Objects(t, "Routes"))
            {
                var path = "Routes[" + Index(i++) + "]";
                var route = MapRoute(r, path, at, out var why);
                if (route is not null) routes.Add(route);
                else unreadable.Add(path + ": " + why);
            }
            return new RouteTable(id, Str(t, "VpcId"), routes,
                associations.Select(a => Str(a, "SubnetId")).Where(s => s is not null).Select(s => s!),
                associations.Any(a => at.Bool(a, "Associations.Main") == true), unreadable);
        }

        /// <summary>The route target properties, in the order AWS fills them (an instance route also names its ENI).</summary>
        private static readonly string[] RouteTargetProperties =
        {
            "GatewayId", "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId", "EgressOnlyInternetGatewayId", "LocalGatewayId",
            "CarrierGatewayId", "CoreNetworkArn", "OdbNetworkArn", "InstanceId", "NetworkInterfaceId",
        };

        private static Route? MapRoute(JsonObject r, string path, At at, out string why)
        {
            var cidrName = Str(r, "DestinationCidrBlock") is not null ? "DestinationCidrBlock" : "DestinationIpv6CidrBlock";
            var cidr = Str(r, cidrName);
            var prefixList = Str(r, "DestinationPrefixListId");
            why = string.Empty;
            if (cidr is null && prefixList is null)
            {
                why = "a route has no destination";
                at.Add(path, r, why);
                return null;
            }
            IpCidr? destination = null;
            if (cidr is not null && !IpCidr.TryParse(cidr, out destination))
            {
                why = "'" + cidr + "' is not a CIDR block";
                at.Add(path + "." + cidrName, r[cidrName], why);
                return null;
            }
            return new Route(destination, prefixList,
                RouteTargetProperties.Select(p => Str(r, p)).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? string.Empty,
                at.Enum(r, path + ".State", AwsValues.RouteStates), Str(r, "Origin"));
        }

        /// <summary>Prefix-list ID → entries; a list with an entry that cannot be read is left out (unknown).</summary>
        private static IReadOnlyDictionary<string, IReadOnlyList<IpCidr>> MapPrefixLists(JsonObject section, Issues issues)
        {
            var result = new Dictionary<string, IReadOnlyList<IpCidr>>(StringComparer.Ordinal);
            foreach (var p in section)
            {
                if (p.Value is not JsonObject response) continue;
                try
                {
                    result[p.Key] = Objects(response, "Entries").Select((e, i) => Cidr(e, "Cidr", "Entries[" + Index(i) + "]")).ToList();
                }
                catch (ItemUnreadable e)
                {
                    issues.Add(SnapshotOperations.GetManagedPrefixListEntries, p.Key, null, e.Member, e.Value, e.Reason, leftOut: true);
                }
            }
            return result;
        }

        private static NetworkInterface MapNetworkInterface(JsonObject n, Issues issues)
        {
            var id = Str(n, "NetworkInterfaceId") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeNetworkInterfaces, id);
            var attachment = Obj(n, "Attachment");
            return new NetworkInterface
            {
                Id = id,
                SubnetId = Str(n, "SubnetId"),
                VpcId = Str(n, "VpcId"),
                AvailabilityZone = Str(n, "AvailabilityZone"),
                Description = Str(n, "Description"),
                InterfaceType = Str(n, "InterfaceType"),
                RequesterId = Str(n, "RequesterId"),
                RequesterManaged = at.Bool(n, "RequesterManaged"),
                Status = Str(n, "Status"),
                PrivateIpAddress = at.Address(n, "PrivateIpAddress"),
                PrivateIpAddresses = PrivateAddresses(n, at),
                Ipv6Addresses = AddressList(n, "Ipv6Addresses", "Ipv6Address", at, prefix: false),
                Ipv4Prefixes = AddressList(n, "Ipv4Prefixes", "Ipv4Prefix", at, prefix: true),
                Ipv6Prefixes = AddressList(n, "Ipv6Prefixes", "Ipv6Prefix", at, prefix: true),
                SecurityGroupIds = GroupIds(n, "Groups"),
                AttachmentInstanceId = Str(attachment, "InstanceId"),
                AttachmentStatus = Str(attachment, "Status"),
            };
        }

        /// <summary>The addresses or prefixes of a list member, as given; one that is not an address or block is recorded.</summary>
        private static IReadOnlyList<string> AddressList(JsonObject owner, string list, string member, At at, bool prefix)
        {
            var result = new List<string>();
            var i = 0;
            foreach (var item in Objects(owner, list))
            {
                var text = Str(item, member);
                var path = list + "[" + Index(i++) + "]." + member;
                if (text is null) continue;
                result.Add(text);
                var readable = prefix ? IpCidr.TryParse(text, out _) && text.IndexOf('/') > 0 : System.Net.IPAddress.TryParse(text, out _);
                if (!readable) at.Add(path, item[member], "'" + text + "' is not " + (prefix ? "a CIDR block" : "an IP address"));
            }
            return result;
        }

        private static Instance MapInstance(JsonObject i, Issues issues)
        {
            var id = Str(i, "InstanceId") ?? string.Empty;
            var at = issues.At(SnapshotOperations.DescribeInstances, id);
            var interfaces = Objects(i, "NetworkInterfaces").ToList();
            var addresses = new List<string>();
            var primary = at.Address(i, "PrivateIpAddress");
            if (primary is not null) addresses.Add(primary);
            foreach (var n in interfaces.OrderBy(n => Int(Obj(n, "Attachment"), "DeviceIndex") ?? 0))
                foreach (var a in PrivateAddresses(n, null))
                    if (!addresses.Contains(a)) addresses.Add(a);
            var groups = new List<string>(GroupIds(i, "SecurityGroups"));
            foreach (var n in interfaces)
                foreach (var g in GroupIds(n, "Groups"))
                    if (!groups.Contains(g)) groups.Add(g);
            return new Instance
            {
                Id = id,
                State = Str(Obj(i, "State"), "Name"),
                SubnetId = Str(i, "SubnetId"),
                VpcId = Str(i, "VpcId"),
                AvailabilityZone = Str(Obj(i, "Placement"), "AvailabilityZone"),
                PrivateIpAddress = primary,
                PrivateIpAddresses = addresses,
                NetworkInterfaceIds = interfaces.Select(n => Str(n, "NetworkInterfaceId")).Where(n => n is not null).Select(n => n!).ToList(),
                SecurityGroupIds = groups,
            };
        }

        /// <summary>Primary address first, then the secondary ones in AWS order.</summary>
        private static IReadOnlyList<string> PrivateAddresses(JsonObject n, At? at)
        {
            var result = new List<string>();
            var primary = Str(n, "PrivateIpAddress");
            if (primary is not null) result.Add(primary);
            var i = 0;
            foreach (var a in Objects(n, "PrivateIpAddresses").OrderBy(a => Bool(a, "Primary") == true ? 0 : 1))
            {
                var ip = at is null ? Str(a, "PrivateIpAddress") : at.Value.Address(a, "PrivateIpAddresses[" + Index(i) + "].PrivateIpAddress", "PrivateIpAddress");
                i++;
                if (ip is not null && !result.Contains(ip)) result.Add(ip);
            }
            return result;
        }

        private static IReadOnlyList<string> GroupIds(JsonObject owner, string name) =>
            Objects(owner, name).Select(g => Str(g, "GroupId")).Where(g => g is not null).Select(g => g!).ToList();

        private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

        // Reads of a resource that is read whole or left out (security groups, NACLs, prefix lists).

        private static IpCidr Cidr(JsonObject owner, string name, string path, string context = "")
        {
            var text = Str(owner, name);
            return IpCidr.TryParse(text, out var cidr) ? cidr! : throw new ItemUnreadable(path + "." + name, owner[name], context + "'" + text + "' is not a CIDR block");
        }

        private static IpProtocol Protocol(JsonObject owner, string name, string path, string context = "")
        {
            var text = Str(owner, name);
            return IpProtocol.TryParse(text, out var protocol) ? protocol : throw new ItemUnreadable(path + "." + name, owner[name], context + "'" + text + "' is not an IP protocol");
        }

        private static int? WholeInt(JsonObject? owner, string name, string path)
        {
            var value = owner?[name];
            if (value is null || value.Kind == JsonKind.Null) return null;
            return Int(owner, name) ?? throw new ItemUnreadable(Join(path, name), value, Issues.Text(value) + " is not a whole number");
        }

        private static bool? WholeBool(JsonObject owner, string name, string path)
        {
            var value = owner[name];
            if (value is null || value.Kind == JsonKind.Null) return null;
            return Bool(owner, name) ?? throw new ItemUnreadable(Join(path, name), value, Issues.Text(value) + " is not true or false");
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

        /// <summary>A value that makes its whole resource unreadable (it is left out of the model).</summary>
        private sealed class ItemUnreadable : Exception
        {
            public ItemUnreadable(string member, JsonValue? value, string reason)
                : base(reason)
            {
                Member = member;
                Value = value;
                Reason = reason;
            }

            public string Member { get; }

            public JsonValue? Value { get; }

            public string Reason { get; }
        }

        /// <summary>The unreadable values of one mapping, in the order met.</summary>
        private sealed class Issues
        {
            public List<UnreadableValue> Items { get; } = new List<UnreadableValue>();

            public At At(string section, string resourceId, string? parentId = null) => new At(this, section, resourceId, parentId);

            public void Add(string section, string resourceId, string? parentId, string member, JsonValue? value, string reason, bool leftOut) =>
                Items.Add(new UnreadableValue(section, resourceId, parentId, member, value is null ? string.Empty : Text(value), reason, leftOut));

            /// <summary>The objects of a list section; an item that is not an object is recorded and skipped.</summary>
            public List<JsonObject> Objects(JsonObject section, string operation, string listProperty)
            {
                var result = new List<JsonObject>();
                if (section[listProperty] is not JsonArray array) return result;
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject o) result.Add(o);
                    else Add(operation, "#" + Index(i), null, listProperty + "[" + Index(i) + "]", array[i], "an item that is not an object", leftOut: true);
                }
                return result;
            }

            /// <summary>Maps each item; one that cannot be read is recorded with its ID (or position) and left out.</summary>
            public List<T>? EachOrLeaveOut<T>(List<JsonObject>? items, string operation, string idProperty, Func<JsonObject, T> map)
            {
                if (items is null) return null;
                var result = new List<T>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    try
                    {
                        result.Add(map(items[i]));
                    }
                    catch (ItemUnreadable e)
                    {
                        Add(operation, JsonRead.Str(items[i], idProperty) ?? "#" + Index(i), null, e.Member, e.Value, e.Reason, leftOut: true);
                    }
                }
                return result;
            }

            /// <summary>A string as given; anything else as its JSON text.</summary>
            public static string Text(JsonValue value) => value is JsonString s ? "'" + s.Value + "'" : value.ToJson(false);
        }

        /// <summary>Reads of one resource that record what they cannot read (the value is kept as given, or read as null).</summary>
        private readonly struct At
        {
            private readonly Issues _issues;
            private readonly string _section;
            private readonly string _resourceId;
            private readonly string? _parentId;

            public At(Issues issues, string section, string resourceId, string? parentId)
            {
                _issues = issues;
                _section = section;
                _resourceId = resourceId;
                _parentId = parentId;
            }

            public void Add(string member, JsonValue? value, string reason) =>
                _issues.Add(_section, _resourceId, _parentId, member, value, reason, leftOut: false);

            /// <summary>The member of <paramref name="owner"/> named by the last part of <paramref name="path"/>.</summary>
            private static JsonValue? Get(JsonObject? owner, string path, out string name)
            {
                var dot = path.LastIndexOf('.');
                name = dot < 0 ? path : path.Substring(dot + 1);
                var v = owner?[name];
                return v is null || v.Kind == JsonKind.Null ? null : v;
            }

            public int? Int(JsonObject? owner, string path) => Typed(owner, path, JsonRead.Int, "a whole number");

            public long? Long(JsonObject? owner, string path) => Typed(owner, path, JsonRead.Long, "a whole number");

            public bool? Bool(JsonObject? owner, string path) => Typed(owner, path, JsonRead.Bool, "true or false");

            public DateTime? Time(JsonObject? owner, string path) => Typed(owner, path, JsonRead.Time, "a timestamp");

            /// <summary>A number, boolean or time: null when absent; a value that does not read as one is recorded and reads as null.</summary>
            private T? Typed<T>(JsonObject? owner, string path, Func<JsonObject?, string, T?> read, string what)
                where T : struct
            {
                var v = Get(owner, path, out var name);
                if (v is null) return null;
                var result = read(owner, name);
                if (result is null) Add(path, v, Issues.Text(v) + " is not " + what);
                return result;
            }

            /// <summary>A string member AWS enumerates: kept as given; a value AWS does not define (or a non-string) is recorded.</summary>
            public string? Enum(JsonObject? owner, string path, IReadOnlyCollection<string> known)
            {
                var v = Get(owner, path, out var name);
                if (v is null) return null;
                var text = JsonRead.Str(owner, name);
                if (text is null || !known.Contains(text))
                    Add(path, v, Issues.Text(v) + " is not one of the values AWS defines (" + string.Join(", ", known) + ")");
                return text;
            }

            /// <summary>The one key of an object whose key is its meaning (WAF actions): an unknown key, or more than one, is recorded.</summary>
            public string? Key(JsonObject? owner, string path, IReadOnlyCollection<string> known)
            {
                if (owner is null) return null;
                var names = owner.Names.ToList();
                if (names.Count != 1 || !known.Contains(names[0]))
                    Add(path, owner, (names.Count == 0 ? "no action" : names.Count > 1 ? "more than one action" : "'" + names[0] + "'") +
                        " where AWS defines exactly one of " + string.Join(", ", known));
                return names.FirstOrDefault();
            }

            /// <summary>A health-check port: "traffic-port" or a port number, as AWS gives it.</summary>
            public string? HealthCheckPort(JsonObject? owner, string path)
            {
                var v = Get(owner, path, out var name);
                if (v is null) return null;
                var text = JsonRead.Str(owner, name);
                if (text != "traffic-port" && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port >= 1 && port <= PortRange.MaxPort))
                    Add(path, v, Issues.Text(v) + " is neither traffic-port nor a port number");
                return text;
            }

            /// <summary>An IP address, kept as given; one that is not an address is recorded.</summary>
            public string? Address(JsonObject? owner, string path, string? name = null)
            {
                var v = Get(owner, name ?? path, out var member);
                if (v is null) return null;
                var text = JsonRead.Str(owner, member);
                if (text is null || !System.Net.IPAddress.TryParse(text, out _)) Add(path, v, Issues.Text(v) + " is not an IP address");
                return text;
            }
        }
    }
}
