using System;
using System.Threading;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Runs one read-only AWS call and returns the response in AWS CLI shape and spelling
    /// (e.g. <c>{"SecurityGroups":[…]}</c>), following pagination to the end.
    /// </summary>
    internal interface IAwsBackend
    {
        /// <summary>"AwsTools" or "AwsCli", for messages and the snapshot.</summary>
        string Name { get; }

        /// <exception cref="AwsCallException">AWS refused or failed the call (AccessDenied, not found, throttling …).</exception>
        JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken);
    }

    /// <summary>
    /// A failed AWS call: the operation, the AWS error code (e.g. "AccessDenied", or one of the
    /// <see cref="AwsFailure"/> codes for failures before AWS answered), AWS's message (secrets
    /// already redacted by the back end), and what kind of failure it is, with a hint.
    /// </summary>
    internal sealed class AwsCallException : Exception
    {
        public AwsCallException(string operation, string errorCode, string message, Exception? innerException = null, bool isFatal = false, string? endpoint = null)
            : base(message, innerException)
        {
            Operation = operation;
            ErrorCode = string.IsNullOrEmpty(errorCode) ? "Unknown" : errorCode;
            Kind = AwsFailure.KindOf(ErrorCode);
            Endpoint = endpoint ?? string.Empty;
            IsFatal = isFatal || AwsFailure.StopsEveryCall(Kind);
        }

        public AwsCallException() : this("Unknown", "Unknown", "The AWS call failed.") { }

        public AwsCallException(string message) : this("Unknown", "Unknown", message) { }

        public AwsCallException(string message, Exception innerException) : this("Unknown", "Unknown", message, innerException) { }

        public string Operation { get; }

        public string ErrorCode { get; }

        /// <summary>What kind of failure the error code means; decides the ErrorCategory and the hint.</summary>
        public AwsFailureKind Kind { get; }

        /// <summary>The endpoint the call went to, for connection failures (redacted); empty when not known.</summary>
        public string Endpoint { get; }

        /// <summary>
        /// True when no call can succeed (no credentials, no region, endpoint unreachable): the
        /// collector stops instead of recording the same failure for every call.
        /// </summary>
        public bool IsFatal { get; }

        /// <summary>What to do about it: the IAM action to allow, how to set credentials or a Region… (empty when nothing useful can be said).</summary>
        public string Hint => AwsFailure.HintFor(this);

        /// <summary>How the failure is recorded under the snapshot's Errors: "AccessDenied: message hint".</summary>
        public string Reason => ErrorCode + ": " + Message + (Hint.Length > 0 ? " " + Hint : string.Empty);
    }

    /// <summary>How the collector reports while it works; the cmdlet turns these into progress, warnings and errors.</summary>
    internal interface ICollectionReporter
    {
        void Progress(string status, int percentComplete);

        /// <summary>A call failed; collection goes on without that data.</summary>
        void CallFailed(AwsRequest request, AwsCallException failure);

        /// <summary>A requested load balancer does not exist or is not an Application Load Balancer.</summary>
        void LoadBalancerNotFound(string nameOrArn, string reason);
    }
}
