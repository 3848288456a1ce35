using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace AlbTroubleshoot.Collection
{
    /// <summary>The kinds of value that reach an AWS call, each with AWS's own rule (<see cref="AwsValueRules"/>).</summary>
    internal enum AwsValueKind
    {
        LoadBalancerName,
        LoadBalancerArn,
        TargetGroupArn,
        /// <summary>Any Elastic Load Balancing ARN (listeners, rules), as AWS returns them.</summary>
        ElbArn,
        /// <summary>An EC2 resource ID (vpc-…, sg-…, i-…, pl-…).</summary>
        Ec2Id,
        /// <summary>The name of an EC2 filter (vpc-id, group-id).</summary>
        FilterName,
        Region,
        ProfileName,
        EndpointUrl,
        S3Bucket,
        /// <summary>An S3 object key or key prefix.</summary>
        S3Key,
        /// <summary>A file this module writes (a download's target).</summary>
        LocalPath,
        /// <summary>A UTC time as the module writes it: yyyy-MM-ddTHH:mm:ssZ.</summary>
        Timestamp,
        /// <summary>GetMetricData queries as compact JSON built by the module (Metrics/MetricQueries.cs).</summary>
        MetricDataQueries,
        /// <summary>An Athena (Glue Data Catalog) database or table name, as it appears unquoted in SQL.</summary>
        AthenaName,
        /// <summary>An Athena workgroup name.</summary>
        AthenaWorkGroup,
        /// <summary>An S3 location s3://bucket[/prefix], as it appears in SQL (LOCATION) and as an Athena output location.</summary>
        S3Location,
        /// <summary>SQL the module generated (AccessLogs/AthenaSql.cs).</summary>
        AthenaSql,
        /// <summary>An Athena query execution ID (a UUID).</summary>
        QueryExecutionId,
    }

    /// <summary>
    /// A value that breaks AWS's rule for its kind (or could not reach the aws CLI as one plain
    /// value), found before any AWS call or process starts. <see cref="ErrorId"/> is the stable
    /// FullyQualifiedErrorId; <see cref="ParameterName"/> names the parameter.
    /// </summary>
    internal sealed class AwsArgumentException : ArgumentException
    {
        public AwsArgumentException(string errorId, string parameter, string message)
            : base(message)
        {
            ErrorId = errorId;
            ParameterName = parameter;
        }

        public AwsArgumentException() : this(ErrorIds.InvalidAwsArgument, string.Empty, "A value cannot be passed to AWS.") { }

        public AwsArgumentException(string message) : this(ErrorIds.InvalidAwsArgument, string.Empty, message) { }

        public AwsArgumentException(string message, Exception innerException) : base(message, innerException)
        {
            ErrorId = ErrorIds.InvalidAwsArgument;
            ParameterName = string.Empty;
        }

        public string ErrorId { get; }

        /// <summary>The parameter (-Name, -Region …) or API parameter (Names, Key …) the value was given for.</summary>
        public string ParameterName { get; }
    }

    /// <summary>
    /// AWS's own rules for each kind of value that reaches an AWS call, checked before any process
    /// starts: a value that breaks them could not name a real resource anyway, and none of these
    /// rules lets a value start with '-' (an option of the aws CLI) or with one of the prefixes the
    /// aws CLI replaces by a file's or URL's content (file://, fileb://, http://, https://), except
    /// where noted (profile names and S3 keys are always glued to their option instead).
    /// </summary>
    internal static class AwsValueRules
    {
        private const string AlbNameReference = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html";
        private const string ArnReference = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html";
        private const string BucketReference = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html";

        // CreateLoadBalancer/CreateTargetGroup: at most 32 alphanumeric characters or hyphens, not
        // beginning or ending with a hyphen; a load balancer name must not begin with "internal-".
        private static readonly Regex LoadBalancerNameRule = new Regex(@"^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", RegexOptions.CultureInvariant);

        // arn:partition:elasticloadbalancing:region:account-id:resource; partitions aws, aws-cn, aws-us-gov, aws-iso…
        private const string ElbArnHead = @"^arn:aws(?:-[a-z]+)*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:";
        private static readonly Regex LoadBalancerArnRule = new Regex(ElbArnHead + @"loadbalancer/(?:app|net|gwy)/[A-Za-z0-9-]{1,32}/[A-Za-z0-9]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex TargetGroupArnRule = new Regex(ElbArnHead + @"targetgroup/[A-Za-z0-9-]{1,32}/[A-Za-z0-9]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex ElbArnRule = new Regex(ElbArnHead + @"[a-z-]{1,32}(?:/[A-Za-z0-9-]{1,64}){1,6}$", RegexOptions.CultureInvariant);

        // EC2 IDs: a lower-case type prefix, a hyphen and hexadecimal digits (vpc-0abc…, pl-63a5400a).
        private static readonly Regex Ec2IdRule = new Regex(@"^[a-z]{1,16}-[0-9a-f]{8,32}$", RegexOptions.CultureInvariant);
        private static readonly Regex FilterNameRule = new Regex(@"^[a-z][a-z0-9.:-]{0,63}$", RegexOptions.CultureInvariant);

        // botocore validates a region as a DNS host label (utils.validate_region_name).
        private static readonly Regex RegionRule = new Regex(@"^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$", RegexOptions.CultureInvariant);

        // Bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with
        // a letter or digit; legacy us-east-1 buckets may also hold capitals and underscores, up to 255.
        private static readonly Regex BucketRule = new Regex(@"^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$", RegexOptions.CultureInvariant);
        // Athena names: lower-case letters, digits and underscores are the only characters a database or table
        // name may hold without quoting in DDL and DML (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html).
        private static readonly Regex AthenaNameRule = new Regex(@"^[a-z0-9_]{1,255}$", RegexOptions.CultureInvariant);
        // WorkGroup names: 1-128 of a-z, A-Z, 0-9, _ . - (https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html).
        private static readonly Regex WorkGroupRule = new Regex(@"^[a-zA-Z0-9._-]{1,128}$", RegexOptions.CultureInvariant);
        // A key prefix of S3's "safe characters" (letters, digits and ! - _ . * ( ) /, https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html)
        // less the single quote, which would end an SQL string: the location is written into the table's DDL.
        private static readonly Regex S3LocationRule = new Regex(@"^s3://([A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9])(/[A-Za-z0-9!_.*()/-]*)?$", RegexOptions.CultureInvariant);
        private static readonly Regex QueryExecutionIdRule = new Regex(@"^[A-Za-z0-9-]{1,128}$", RegexOptions.CultureInvariant);

        /// <summary>The prefixes the aws CLI replaces by the content of a local file or a URL (awscli paramfile).</summary>
        internal static readonly string[] ParamFilePrefixes = { "file://", "fileb://", "http://", "https://" };

        /// <summary>The error ID for a bad value of this kind.</summary>
        public static string ErrorIdOf(AwsValueKind kind) => kind switch
        {
            AwsValueKind.LoadBalancerName => ErrorIds.InvalidLoadBalancerName,
            AwsValueKind.LoadBalancerArn => ErrorIds.InvalidLoadBalancerArn,
            AwsValueKind.TargetGroupArn => ErrorIds.InvalidTargetGroupArn,
            AwsValueKind.Region => ErrorIds.InvalidRegion,
            AwsValueKind.ProfileName => ErrorIds.InvalidProfileName,
            AwsValueKind.EndpointUrl => ErrorIds.InvalidEndpointUrl,
            AwsValueKind.AthenaName => ErrorIds.InvalidAthenaName,
            AwsValueKind.AthenaWorkGroup => ErrorIds.InvalidAthenaWorkGroup,
            AwsValueKind.S3Location => ErrorIds.InvalidS3Location,
            _ => ErrorIds.UnsafeAwsValue,
        };

        /// <summary>Throws <see cref="AwsArgumentException"/> naming <paramref name="parameterName"/> when the value breaks its rule.</summary>
        public static void Check(AwsValueKind kind, string? value, string parameterName)
        {
            var problem = Problem(kind, value);
            if (problem is not null)
                throw new AwsArgumentException(ErrorIdOf(kind), parameterName, parameterName + " " + Show(value) + " " + problem);
        }

        /// <summary>What is wrong with the value (a sentence fragment after the value), or null when it is fine.</summary>
        public static string? Problem(AwsValueKind kind, string? value)
        {
            if (string.IsNullOrEmpty(value)) return "is empty.";
            var text = value!;
            if (kind != AwsValueKind.EndpointUrl && StartsWithParamFilePrefix(text))
                return "starts with " + text.Substring(0, text.IndexOf("//", StringComparison.Ordinal) + 2) + ", which the aws CLI would replace by the content of that file or URL.";
            switch (kind)
            {
                case AwsValueKind.LoadBalancerName:
                    return LoadBalancerNameRule.IsMatch(text) ? null
                        : "is not a load balancer name: AWS allows 1 to 32 letters, digits and hyphens, not beginning or ending with a hyphen and not beginning with 'internal-' (" + AlbNameReference + "). Give the name, not the DNS name; give an ARN with -LoadBalancerArn.";
                case AwsValueKind.LoadBalancerArn:
                    return LoadBalancerArnRule.IsMatch(text) ? null
                        : "is not a load balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>; " + ArnReference + ").";
                case AwsValueKind.TargetGroupArn:
                    return TargetGroupArnRule.IsMatch(text) ? null
                        : "is not a target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>; " + ArnReference + ").";
                case AwsValueKind.ElbArn:
                    return ElbArnRule.IsMatch(text) ? null : "is not an Elastic Load Balancing ARN (" + ArnReference + ").";
                case AwsValueKind.Ec2Id:
                    return Ec2IdRule.IsMatch(text) ? null : "is not an EC2 resource ID (a prefix such as vpc, sg, i or pl, a hyphen and hexadecimal digits).";
                case AwsValueKind.FilterName:
                    return FilterNameRule.IsMatch(text) ? null : "is not an EC2 filter name.";
                case AwsValueKind.Region:
                    return RegionRule.IsMatch(text) ? null : "is not a Region code such as us-east-1 (letters, digits and hyphens, as a DNS label).";
                case AwsValueKind.ProfileName:
                    if (text.Length > 128) return "is longer than 128 characters.";
                    if (HasControl(text) || text.IndexOf('[') >= 0 || text.IndexOf(']') >= 0 || text.Trim().Length != text.Length)
                        return "is not a profile name: it holds control characters, brackets or surrounding spaces, which a profile in the AWS config and credentials files cannot have.";
                    return null;
                case AwsValueKind.EndpointUrl:
                    if (text.Length > 2048 || HasControl(text) || text.IndexOf(' ') >= 0 || text.IndexOf('"') >= 0
                        || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
                        return "is not an http:// or https:// URL of an AWS endpoint.";
                    return null;
                case AwsValueKind.S3Bucket:
                    return BucketRule.IsMatch(text) ? null : "is not an S3 bucket name (" + BucketReference + ").";
                case AwsValueKind.S3Key:
                    if (Encoding.UTF8.GetByteCount(text) > 1024) return "is longer than the 1024 bytes of an S3 key.";
                    return HasControl(text) ? "holds control characters." : null;
                case AwsValueKind.LocalPath:
                    // Rooted, so it can never start with '-' and be read as an option.
                    return HasControl(text) || !Path.IsPathRooted(text) || text[0] == '-' ? "is not a full local path." : null;
                case AwsValueKind.Timestamp:
                    return DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                        ? null : "is not a UTC time written yyyy-MM-ddTHH:mm:ssZ.";
                case AwsValueKind.MetricDataQueries:
                    // Names, ARN parts, zones and numbers only: no space, quote escape, % or control character
                    // can reach a command line (or cmd.exe), and it must be the JSON array the module wrote.
                    foreach (var c in text)
                        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "[]{}\":,/_.-".IndexOf(c) >= 0))
                            return "holds " + (char.IsControl(c) ? "a control character" : "'" + c + "'") + ", which no metric query the module writes has.";
                    if (text[0] != '[') return "is not a JSON array of metric queries.";
                    try { return Json.JsonValue.Parse(text) is Json.JsonArray ? null : "is not a JSON array of metric queries."; }
                    catch (Json.JsonException) { return "is not valid JSON."; }
                case AwsValueKind.AthenaName:
                    return AthenaNameRule.IsMatch(text) ? null
                        : "is not an Athena name the module can write unquoted: use 1 to 255 lower-case letters, digits and underscores (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html).";
                case AwsValueKind.AthenaWorkGroup:
                    return WorkGroupRule.IsMatch(text) ? null : "is not an Athena workgroup name: 1 to 128 letters, digits, periods, underscores and hyphens.";
                case AwsValueKind.S3Location:
                    if (text.Length > 1024) return "is longer than 1024 characters.";
                    if (!S3LocationRule.IsMatch(text)) return "is not an S3 location s3://bucket[/prefix] whose prefix holds only letters, digits and ! - _ . * ( ) / (S3's safe characters, without the single quote that would end an SQL string).";
                    return text.IndexOf("//", 5, StringComparison.Ordinal) >= 0 || text.IndexOf("/./", StringComparison.Ordinal) >= 0 || text.IndexOf("/../", StringComparison.Ordinal) >= 0 || text.EndsWith("/..", StringComparison.Ordinal) || text.EndsWith("/.", StringComparison.Ordinal)
                        ? "holds an empty, '.' or '..' path segment." : null;
                case AwsValueKind.AthenaSql:
                    // Generated by the module; still checked, so that no value from elsewhere reaches the CLI as SQL.
                    if (text.Length > 262144) return "is longer than the 262,144 bytes Athena takes.";
                    foreach (var c in text)
                        if ((char.IsControl(c) && c != '\n') || c == '%' || c == '\\')
                            return "holds " + (char.IsControl(c) ? "a control character" : "'" + c + "'") + ", which no SQL the module writes has.";
                    return null;
                case AwsValueKind.QueryExecutionId:
                    return QueryExecutionIdRule.IsMatch(text) && text[0] != '-' ? null : "is not an Athena query execution ID.";
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }
        }

        internal static bool StartsWithParamFilePrefix(string text)
        {
            var trimmed = text.TrimStart();
            foreach (var prefix in ParamFilePrefixes)
                if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        /// <summary>C0 and C1 control characters and DEL, which no AWS name or key here holds.</summary>
        internal static bool HasControl(string text)
        {
            foreach (var c in text)
                if (char.IsControl(c)) return true;
            return false;
        }

        /// <summary>A value for a message: quoted, made safe for a terminal, and cut to a readable length.</summary>
        internal static string Show(string? value)
        {
            if (value is null) return "(null)";
            var cut = value.Length > 120 ? value.Substring(0, 120) + "…" : value;
            return "'" + DisplayText.Safe(cut) + "'" + (value.Length > 120 ? " (" + value.Length.ToString(CultureInfo.InvariantCulture) + " characters)" : string.Empty);
        }
    }
}
