using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AlbTroubleshoot.Collection
{
    /// <summary>What an AWS failure means to the user; the cmdlets turn it into an ErrorCategory and an error ID.</summary>
    internal enum AwsFailureKind
    {
        /// <summary>Anything else: the AWS error code and message say it.</summary>
        Other,
        /// <summary>The credentials lack a permission (PermissionDenied).</summary>
        AccessDenied,
        /// <summary>No credentials were found, or the named profile does not exist (AuthenticationError).</summary>
        CredentialsMissing,
        /// <summary>AWS rejected the credentials: expired token, unknown key, bad signature (AuthenticationError).</summary>
        CredentialsRejected,
        /// <summary>No Region was given or configured (InvalidArgument).</summary>
        RegionMissing,
        /// <summary>The resource does not exist, in this Region and account (ObjectNotFound).</summary>
        NotFound,
        /// <summary>AWS throttled the call, still after the retries (LimitsExceeded).</summary>
        Throttled,
        /// <summary>The endpoint could not be reached: network, DNS, proxy, TLS (ConnectionError).</summary>
        Connection,
        /// <summary>A value could not be passed safely (InvalidArgument).</summary>
        InvalidValue,
    }

    /// <summary>
    /// The one mapping from AWS error codes to <see cref="AwsFailureKind"/>, the hint each kind gets,
    /// and the codes the back ends give failures that happen before AWS answers.
    /// </summary>
    internal static class AwsFailure
    {
        /// <summary>No credentials were found (aws CLI "Unable to locate credentials", AWS Tools "No credentials specified …").</summary>
        public const string NoCredentials = "NoCredentials";
        /// <summary>The named profile does not exist.</summary>
        public const string ProfileNotFound = "ProfileNotFound";
        /// <summary>No Region was given or configured.</summary>
        public const string NoRegion = "NoRegion";
        /// <summary>The endpoint did not answer (refused, unresolvable, timed out, TLS failed).</summary>
        public const string EndpointUnreachable = "EndpointUnreachable";
        /// <summary>A value was refused before any process started (<see cref="AwsValueRules"/>).</summary>
        public const string UnsafeValue = ErrorIds.UnsafeAwsValue;

        /// <summary>The documentation page with the IAM policy.</summary>
        public const string PermissionsDoc = "docs/permissions.md";

        private static readonly HashSet<string> AccessDeniedCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "UnauthorizedException",
            "AuthorizationError", "Forbidden", "AllAccessDisabled", "WAFAccessDeniedException",
        };

        private static readonly HashSet<string> RejectedCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "AuthFailure", "ExpiredToken",
            "ExpiredTokenException", "RequestExpired", "InvalidAccessKeyId", "InvalidToken", "MissingAuthenticationToken",
            "IncompleteSignature", "InvalidSignatureException", "TokenRefreshRequired",
        };

        // botocore's throttling codes (retries/standard.py, ThrottledRetryableChecker), which the AWS SDKs share.
        private static readonly HashSet<string> ThrottledCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
            "EC2ThrottledException",
        };

        /// <summary>The kind of failure an error code means.</summary>
        public static AwsFailureKind KindOf(string? errorCode)
        {
            var code = errorCode ?? string.Empty;
            if (AccessDeniedCodes.Contains(code)) return AwsFailureKind.AccessDenied;
            if (code == NoCredentials || code == ProfileNotFound) return AwsFailureKind.CredentialsMissing;
            if (RejectedCodes.Contains(code)) return AwsFailureKind.CredentialsRejected;
            if (code == NoRegion) return AwsFailureKind.RegionMissing;
            if (ThrottledCodes.Contains(code)) return AwsFailureKind.Throttled;
            if (code == EndpointUnreachable) return AwsFailureKind.Connection;
            if (code == UnsafeValue) return AwsFailureKind.InvalidValue;
            // LoadBalancerNotFound, TargetGroupNotFound, InvalidGroup.NotFound, NoSuchBucket, NoSuchKey, ResourceNotFoundException …
            if (code.EndsWith("NotFound", StringComparison.Ordinal) || code.EndsWith("NotFoundException", StringComparison.Ordinal)
                || code.StartsWith("NoSuch", StringComparison.Ordinal) || code == "WAFNonexistentItemException")
                return AwsFailureKind.NotFound;
            return AwsFailureKind.Other;
        }

        /// <summary>True for the kinds every further call would repeat: the collection stops at the first.</summary>
        public static bool StopsEveryCall(AwsFailureKind kind) =>
            kind is AwsFailureKind.CredentialsMissing or AwsFailureKind.CredentialsRejected or AwsFailureKind.RegionMissing or AwsFailureKind.Connection;

        /// <summary>What the user can do about the failure, naming the IAM action, the endpoint or the settings.</summary>
        public static string HintFor(AwsCallException failure)
        {
            if (failure is null) throw new ArgumentNullException(nameof(failure));
            switch (failure.Kind)
            {
                case AwsFailureKind.AccessDenied:
                    var action = AwsOperationMap.Find(failure.Operation)?.IamAction;
                    return action is null
                        ? "The credentials need the permission for this call (" + PermissionsDoc + " lists the policy)."
                        : "The credentials need " + action + " (" + PermissionsDoc + " lists the policy).";
                case AwsFailureKind.CredentialsMissing:
                    return "Set credentials: with AWS Tools, Set-AWSCredential -ProfileName <profile> (or Initialize-AWSDefaultConfiguration); with the aws CLI, aws configure [--profile <profile>]; " +
                           "or give -ProfileName, -Credential, or -AccessKey with -SecretKey.";
                case AwsFailureKind.CredentialsRejected:
                    return "AWS rejected the credentials (an expired session token, a deleted or mistyped key, a clock far off): renew them (aws sso login for an SSO profile) or choose others with -ProfileName.";
                case AwsFailureKind.RegionMissing:
                    return "Give -Region, or set a default: Set-DefaultAWSRegion <region> (AWS Tools) or aws configure set region <region> (aws CLI).";
                case AwsFailureKind.NotFound:
                    return "It may have been deleted, or be in another Region or account (-Region, -ProfileName).";
                case AwsFailureKind.Throttled:
                    return "AWS throttled the call, still after " + ThrottlingRetry.MaxRetries.ToString(CultureInfo.InvariantCulture) + " retries with backoff; run it again later, or ask for a higher API request rate quota.";
                case AwsFailureKind.Connection:
                    return "Could not reach " + (failure.Endpoint.Length > 0 ? failure.Endpoint : "the AWS endpoint") +
                           ": check -EndpointUrl and -Region, the network, DNS, and any proxy (HTTPS_PROXY).";
                default:
                    return string.Empty;
            }
        }

        /// <summary>
        /// The endpoint a call goes to, for messages: the -EndpointUrl given (secrets redacted), else
        /// the service's Regional endpoint, else the service's name.
        /// </summary>
        public static string EndpointOf(string operation, string? region, string? endpointUrl, Redaction redaction)
        {
            if (redaction is null) throw new ArgumentNullException(nameof(redaction));
            if (!string.IsNullOrEmpty(endpointUrl)) return redaction.Redact(endpointUrl);
            var service = AwsOperationMap.Find(operation)?.Service ?? "the AWS";
            if (string.IsNullOrEmpty(region)) return "the " + service + " endpoint of the default Region";
            return "https://" + service + "." + region + (region!.StartsWith("cn-", StringComparison.Ordinal) ? ".amazonaws.com.cn" : ".amazonaws.com");
        }

        private static readonly Regex QuotedUrl = new Regex(@"(?i)\b(https?://[^\s""]+)", RegexOptions.CultureInvariant);

        /// <summary>The first URL in a message (the aws CLI names the endpoint it could not reach), or null.</summary>
        public static string? UrlIn(string message) => QuotedUrl.Match(message ?? string.Empty) is { Success: true } m ? m.Groups[1].Value.TrimEnd('.', ',') : null;
    }
}
