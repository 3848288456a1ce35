using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Model;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>One forward from a listener rule to one target group: the unit most checks walk.</summary>
    internal sealed class ForwardPath
    {
        public ForwardPath(Listener listener, ListenerRule? rule, RuleAction action, WeightedTargetGroup weighted, TargetGroup? group)
        {
            Listener = listener;
            Rule = rule;
            Action = action;
            Weighted = weighted;
            Group = group;
        }

        public Listener Listener { get; }
        /// <summary>Null when the listener's rules are unknown and this is its default action.</summary>
        public ListenerRule? Rule { get; }
        public RuleAction Action { get; }
        public WeightedTargetGroup Weighted { get; }
        /// <summary>Null when the target group is not in DescribeTargetGroups.</summary>
        public TargetGroup? Group { get; }

        /// <summary>A weighted forward with weight 0 sends this group no requests.</summary>
        public bool ReceivesNoTraffic => Action.TargetGroups.Count > 1 && Weighted.Weight == 0;

        public string Where => CheckContext.DescribeRule(Listener, Rule);

        public string GroupText => Group is null ? Weighted.TargetGroupArn : CheckContext.Describe(Group);

        /// <summary>" (weight 0 of a weighted forward)" for a group of a weighted forward; empty otherwise.</summary>
        public string WeightText =>
            Action.TargetGroups.Count > 1 ? " (weight " + (Weighted.Weight?.ToString(CultureInfo.InvariantCulture) ?? "unset") + " of a weighted forward)" : string.Empty;
    }

    /// <summary>
    /// The inputs of every check for one load balancer, plus the walks and wording they share, so
    /// each check stays a few lines of logic.
    /// </summary>
    internal sealed class CheckContext
    {
        internal const string DescribeListeners = "DescribeListeners";
        internal const string DescribeRules = "DescribeRules";
        internal const string DescribeTargetGroups = "DescribeTargetGroups";
        internal const string DescribeTargetHealth = "DescribeTargetHealth";
        internal const string DescribeLoadBalancerAttributes = "DescribeLoadBalancerAttributes";
        internal const string DescribeTargetGroupAttributes = "DescribeTargetGroupAttributes";
        internal const string GetWebAclForResource = "GetWebACLForResource";
        internal const string DescribeInstances = "DescribeInstances";
        internal const string DescribeRouteTables = "DescribeRouteTables";

        /// <summary>The forward paths, walked once per load balancer and shared by every cause's context.</summary>
        private readonly Lazy<List<ForwardPath>> _paths;

        public CheckContext(EnvironmentModel model, LoadBalancer loadBalancer, DiagnosisOptions options, CauseDefinition cause, int statusCode, bool wholeClass)
            : this(model, loadBalancer, options, cause, statusCode, wholeClass, null)
        {
        }

        private CheckContext(EnvironmentModel model, LoadBalancer loadBalancer, DiagnosisOptions options, CauseDefinition cause, int statusCode, bool wholeClass,
            Lazy<List<ForwardPath>>? paths)
        {
            Model = model;
            LoadBalancer = loadBalancer;
            Options = options;
            Cause = cause;
            StatusCode = statusCode;
            WholeClass = wholeClass;
            _paths = paths ?? new Lazy<List<ForwardPath>>(WalkPaths);
        }

        /// <summary>The same load balancer and options for another cause, sharing the walks already made.</summary>
        public CheckContext For(CauseDefinition cause, int statusCode, bool wholeClass) =>
            new CheckContext(Model, LoadBalancer, Options, cause, statusCode, wholeClass, _paths);

        public EnvironmentModel Model { get; }
        public LoadBalancer LoadBalancer { get; }
        public DiagnosisOptions Options { get; }
        /// <summary>The cause being evaluated (for its Check text).</summary>
        public CauseDefinition Cause { get; }

        /// <summary>
        /// The code the cause is evaluated for: its own, or for a whole-class entry the code asked
        /// about (404 for 4XX.FixedResponse), or its class's base code (400, 500) when every code was asked.
        /// </summary>
        public int StatusCode { get; }

        /// <summary>True when a whole-class entry is evaluated for its whole class (every code, or a class like 4XX, was asked) rather than one code.</summary>
        public bool WholeClass { get; }

        public bool ListenersKnown => LoadBalancer.Listeners is not null;

        public IReadOnlyList<Listener> Listeners => LoadBalancer.Listeners ?? Array.Empty<Listener>();

        /// <summary>True when some listener's rules are unknown (only its default action is).</summary>
        public bool SomeRulesUnknown => Listeners.Any(l => l.Rules is null);

        /// <summary>Every rule of every listener, default rule last; a listener with unknown rules contributes its default action as a null rule.</summary>
        public IEnumerable<KeyValuePair<Listener, ListenerRule?>> Rules()
        {
            foreach (var listener in Listeners)
            {
                if (listener.Rules is null)
                {
                    yield return new KeyValuePair<Listener, ListenerRule?>(listener, null);
                    continue;
                }
                foreach (var rule in listener.Rules) yield return new KeyValuePair<Listener, ListenerRule?>(listener, rule);
            }
        }

        public static IReadOnlyList<RuleAction> ActionsOf(Listener listener, ListenerRule? rule) => rule?.Actions ?? listener.DefaultActions;

        /// <summary>Every action of every rule with where it is.</summary>
        public IEnumerable<(string Where, RuleAction Action)> Actions() =>
            Rules().SelectMany(r => ActionsOf(r.Key, r.Value).Select(a => (DescribeRule(r.Key, r.Value), a)));

        /// <summary>Every forward to a target group, along every rule.</summary>
        public IReadOnlyList<ForwardPath> Paths => _paths.Value;

        private List<ForwardPath> WalkPaths()
        {
            var paths = new List<ForwardPath>();
            foreach (var r in Rules())
                foreach (var action in ActionsOf(r.Key, r.Value).Where(a => a.Type == "forward"))
                    foreach (var w in action.TargetGroups)
                        paths.Add(new ForwardPath(r.Key, r.Value, action, w, Model.FindTargetGroup(w.TargetGroupArn)));
            return paths;
        }

        /// <summary>The target groups that receive requests (weight above 0), each once.</summary>
        public IReadOnlyList<TargetGroup> ServingGroups =>
            Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null).Select(p => p.Group!).Distinct().ToList();

        public IReadOnlyList<TargetGroup> LambdaGroups => ServingGroups.Where(IsLambda).ToList();

        public static bool IsLambda(TargetGroup g) => string.Equals(g.TargetType, "lambda", StringComparison.OrdinalIgnoreCase);

        /// <summary>True when requests reach only Lambda functions: connection-level causes cannot apply.</summary>
        public bool OnlyLambda => ServingGroups.Count > 0 && ServingGroups.All(IsLambda);

        /// <summary>Authenticate actions (OIDC or Cognito) with where they are.</summary>
        public IReadOnlyList<(string Where, RuleAction Action)> AuthenticateActions =>
            Actions().Where(a => a.Action.Authenticate is not null).ToList();

        /// <summary>An Unknown result naming the missing section, or null when every needed section is there.</summary>
        public CheckResult? Unknown(params string[] operations)
        {
            var missing = operations.Where(o => !Known(o)).ToArray();
            if (missing.Length == 0) return null;
            return new CheckResult(CauseVerdict.Unknown, missing.Select(o => "Cannot decide: " + Model.UnknownReason(o) + "."));
        }

        private bool Known(string operation)
        {
            switch (operation)
            {
                case DescribeListeners: return LoadBalancer.Listeners is not null;
                case DescribeLoadBalancerAttributes: return LoadBalancer.Attributes is not null;
                case GetWebAclForResource: return LoadBalancer.WebAcl is not null;
                case DescribeTargetGroups: return Model.TargetGroups is not null;
                case DescribeInstances: return Model.Instances is not null;
                case DescribeRouteTables: return Model.RouteTables is not null;
                default: return Model.HasSection(operation);
            }
        }

        /// <summary>The last evidence line of a check that cannot decide alone: what to look at.</summary>
        public string ToCheck => ToCheckPrefix + Cause.Check;

        /// <summary>How evidence introduces the catalog's check (reports strip it where they show the check apart).</summary>
        internal const string ToCheckPrefix = "To check: ";

        // ------------------------------------------------------------------ attributes

        /// <summary>A load balancer attribute's value; AWS's default (with a note) when the key is absent; null when attributes are unknown.</summary>
        public string? LbAttribute(string key, string awsDefault) =>
            LoadBalancer.Attributes is null ? null
            : LoadBalancer.Attributes.TryGetValue(key, out var v) ? v : awsDefault;

        public string LbAttributeText(string key, string awsDefault)
        {
            if (LoadBalancer.Attributes is null) return key + " is unknown (" + Model.UnknownReason(DescribeLoadBalancerAttributes) + ")";
            return LoadBalancer.Attributes.TryGetValue(key, out var v)
                ? "Load balancer attribute " + key + " = " + v
                : "Load balancer attribute " + key + " is not in the snapshot; AWS's default is " + awsDefault;
        }

        /// <summary>idle_timeout.timeout_seconds (<see cref="IdleTimeoutSetting"/>): null when the attributes are unknown or its value is not 1 to 4000 seconds.</summary>
        public int? IdleTimeoutSeconds => IdleTimeoutSetting.Of(LoadBalancer).Seconds;

        public static string? GroupAttribute(TargetGroup group, string key, string awsDefault) =>
            group.Attributes is null ? null : group.Attributes.TryGetValue(key, out var v) ? v : awsDefault;

        public static int? ParseInt(string? text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;


        // ------------------------------------------------------------------ shared walks

        /// <summary>Unknown when the listeners or target groups are unknown; RuledOut when no rule forwards at all; null to go on.</summary>
        public CheckResult? ForwardPrerequisites()
        {
            var unknown = Unknown(DescribeListeners, DescribeTargetGroups);
            if (unknown is not null) return unknown;
            if (Paths.Count > 0) return null;
            var f = new Findings();
            f.Add(CauseVerdict.RuledOut, "No listener rule of " + LoadBalancer.Name + " forwards to a target group (" +
                (Listeners.Count == 0 ? "it has no listeners" : "listeners " + Join(Listeners.Select(DescribeListener))) + ").");
            RulesCaveat(f);
            return f.ToResult();
        }

        /// <summary>When some listener's rules are unknown, a RuledOut cannot stand: add an Unknown naming DescribeRules.</summary>
        public void RulesCaveat(Findings f)
        {
            var listeners = Listeners.Where(l => l.Rules is null).Select(DescribeListener).ToArray();
            if (listeners.Length > 0)
                f.Add(CauseVerdict.Unknown, "Only the default actions of listener " + Join(listeners) + " are known: " + Model.UnknownReason(DescribeRules) + ".");
        }

        /// <summary>Adds an Unknown for a path whose group or targets are unknown; true when the path's targets are known.</summary>
        public bool TargetsKnown(ForwardPath p, Findings f)
        {
            if (p.Group is null)
            {
                f.Add(CauseVerdict.Unknown, p.Where + " forwards to " + p.Weighted.TargetGroupArn + ", which DescribeTargetGroups does not list.");
                return false;
            }
            if (p.Group.Targets is null)
            {
                f.Add(CauseVerdict.Unknown, p.Where + " forwards to " + p.GroupText + ", whose targets are unknown: " + Model.UnknownReason(DescribeTargetHealth) + ".");
                return false;
            }
            return true;
        }

        public CheckResult OnlyLambdaResult() =>
            CheckResult.Of(CauseVerdict.NotApplicable, "Requests reach only Lambda functions (" + Join(ServingGroups.Select(Describe)) +
                "): this cause concerns targets the load balancer connects to; the Lambda causes cover these.");

        /// <summary>Targets of the serving, non-Lambda groups whose health reason is one of the given, with their group.</summary>
        public List<(TargetGroup Group, RegisteredTarget Target)> TargetsWithReason(params string[] reasons) =>
            ServingGroups.Where(g => !IsLambda(g) && g.Targets is not null)
                .SelectMany(g => g.Targets!.Where(t => reasons.Contains(t.Reason ?? string.Empty, StringComparer.OrdinalIgnoreCase)).Select(t => (g, t)))
                .ToList();

        /// <summary>
        /// True when every target in service (healthy or unhealthy; draining, unused and initial ones
        /// get no new requests) passes a health check on its own traffic port (the port it registered
        /// with, which can differ from the group's): the load balancer demonstrably connects to each of
        /// them there. Null when some health is unknown.
        /// </summary>
        public bool? AllHealthyOnTrafficPort(out string evidence)
        {
            var groups = ServingGroups.Where(g => !IsLambda(g)).ToList();
            var unknown = groups.Where(g => g.Targets is null).ToList();
            if (unknown.Count > 0)
            {
                evidence = "Health of " + Join(unknown.Select(g => g.Name)) + " unknown: " + Model.UnknownReason(DescribeTargetHealth) + ".";
                return null;
            }
            var inService = groups.SelectMany(g => g.Targets!.Where(InService).Select(t => (g, t))).ToList();
            var healthy = inService.Count > 0 && inService.All(x => x.t.State == "healthy");
            var otherPort = inService.Where(x => Reachability.PathEndpoints.HealthCheckPort(x.g, x.t) != Reachability.PathEndpoints.TrafficPort(x.g, x.t))
                .Select(x => x.t.Id + " (health checks on port " + (Reachability.PathEndpoints.HealthCheckPort(x.g, x.t)?.ToString(CultureInfo.InvariantCulture) ?? "?") +
                             ", traffic on " + (Reachability.PathEndpoints.TrafficPort(x.g, x.t)?.ToString(CultureInfo.InvariantCulture) ?? "?") + ")").ToList();
            evidence = Join(groups.Select(g => g.Name + ": " + g.Targets!.Count(t => t.State == "healthy").ToString(CultureInfo.InvariantCulture) +
                " of " + g.Targets!.Count.ToString(CultureInfo.InvariantCulture) + " healthy, " + DescribeHealthCheck(g))) +
                (otherPort.Count > 0 ? "; health checks do not test the traffic port of " + Join(otherPort) : string.Empty);
            return healthy && otherPort.Count == 0;
        }

        /// <summary>Healthy or unhealthy targets get requests (unhealthy ones when the group fails open); initial, draining and unused ones get none.</summary>
        public static bool InService(RegisteredTarget t) => t.State is "healthy" or "unhealthy" or "unavailable";

        public static bool IsUnused(RegisteredTarget t) => string.Equals(t.State, "unused", StringComparison.OrdinalIgnoreCase);

        public static bool IsDraining(RegisteredTarget t) =>
            t.State is "draining" or "unhealthy.draining" || string.Equals(t.Reason, "Target.DeregistrationInProgress", StringComparison.OrdinalIgnoreCase);

        /// <summary>The reachability results of this load balancer's paths, NotApplicable ones (Lambda) left out; null when reachability was not evaluated.</summary>
        public IReadOnlyList<ReachabilityResult>? ReachabilityResults =>
            Options.Reachability?.Where(r => (r.LoadBalancerName.Length == 0 || string.Equals(r.LoadBalancerName, LoadBalancer.Name, StringComparison.Ordinal)) &&
                                              r.VerdictKind != ReachabilityVerdict.NotApplicable).ToList();

        /// <summary>The evaluation of a cause only traffic can show: Possible, with what to check.</summary>
        public static CheckResult NeedsTraffic(CheckContext c) =>
            CheckResult.Of(CauseVerdict.Possible,
                "The configuration cannot show this cause; it needs traffic evidence: access logs (-AccessLogPath), metrics or a test from the VPC.",
                c.ToCheck);

        public static string Shorten(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";

        // ------------------------------------------------------------------ wording

        public static string Describe(TargetGroup group) =>
            "target group " + group.Name + " (" + group.Arn + ")";

        public static string DescribeListener(Listener listener) => listener.Protocol + ":" + listener.Port;

        public static string DescribeRule(Listener listener, ListenerRule? rule)
        {
            var where = "listener " + DescribeListener(listener);
            if (rule is null || rule.IsDefault) return where + " default action";
            var conditions = rule.Conditions.Select(c => c.Field + " " + string.Join(",", c.Values.Concat(c.RegexValues.Select(r => "regex " + r)))).ToArray();
            return where + " rule priority " + rule.Priority + (conditions.Length > 0 ? " (" + string.Join("; ", conditions) + ")" : string.Empty);
        }

        public static string DescribeTarget(RegisteredTarget t)
        {
            var text = t.Id + (t.Port.HasValue ? ":" + t.Port.Value.ToString(CultureInfo.InvariantCulture) : string.Empty) + " " + (t.State ?? "state unknown");
            if (!string.IsNullOrEmpty(t.Reason)) text += " (" + t.Reason + (string.IsNullOrEmpty(t.Description) ? string.Empty : ": " + t.Description) + ")";
            if (IsShiftedAway(t)) text += " [administrative override " + t.AdministrativeOverride!.State + (string.IsNullOrEmpty(t.AdministrativeOverride.Reason) ? string.Empty : ": " + t.AdministrativeOverride.Reason) + "]";
            return text;
        }

        /// <summary>A zonal shift moved traffic away from the target's zone (target health's AdministrativeOverride).</summary>
        public static bool IsShiftedAway(RegisteredTarget t) =>
            t.AdministrativeOverride?.State is string state && !string.Equals(state, "no_override", StringComparison.OrdinalIgnoreCase);

        public static string DescribeHealthCheck(TargetGroup g)
        {
            var h = g.HealthCheck;
            var matcher = h.MatcherGrpcCode is not null ? "gRPC codes " + h.MatcherGrpcCode : "HTTP codes " + (h.MatcherHttpCode ?? "200");
            return "health check " + (h.Protocol ?? g.Protocol) + " " + (h.Path ?? "/") + " on port " + (h.Port ?? "traffic-port") +
                   ", timeout " + (h.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture) ?? "?") + " s, matcher " + matcher;
        }

        public static string Join(IEnumerable<string> items) => string.Join(", ", items);

        // Enumerable.Append/Prepend are missing on older .NET Framework builds that Windows PowerShell 5.1 may run on.
        public static IEnumerable<string> Once(string item)
        {
            yield return item;
        }
    }
}
