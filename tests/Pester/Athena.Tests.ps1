# Get-AlbAthenaQuery and Measure-AlbAccessLog -Engine Athena, offline: every value that reaches the SQL
# is checked (hostile values refused with their error ID, valid ones accepted), and the window is required.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188'
    $script:base = @{ LoadBalancerArn = $arn; AccessLogUri = 's3://my-alb-logs/prod'; From = '2026-11-24T00:00:00Z'; To = '2026-11-25T00:00:00Z' }
    function script:ErrorOf([scriptblock] $Command) {
        try { $null = & $Command; $null } catch { $_ }
    }
}

Describe 'Get-AlbAthenaQuery offline' {
    It 'writes the table over the log folder and the query over the window, without any AWS call' {
        $q = Get-AlbAthenaQuery @base -By Target -AthenaDatabase alb_logs -AthenaWorkGroup team-a.prod_1 -AthenaOutputLocation s3://my-results/athena/
        $q.PSObject.TypeNames[0] | Should -Be 'AlbTroubleshoot.AthenaQuery'
        $q.Location | Should -Be 's3://my-alb-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/'
        $q.Database | Should -Be 'alb_logs'
        $q.Table | Should -Match '^alb_access_logs_[0-9a-f]{16}$'
        $q.Ddl | Should -BeLike "CREATE EXTERNAL TABLE IF NOT EXISTS alb_logs.$($q.Table) (*"
        $q.Ddl | Should -Match "'storage.location.template' = 's3://my-alb-logs/prod/AWSLogs/123456789012/elasticloadbalancing/us-east-1/\$\{day\}'"
        $q.Ddl | Should -Match 'lambda_error_reason string'
        $q.Ddl | Should -Match 'conn_trace_id string'
        $q.Query | Should -Match "day BETWEEN '2026/11/24' AND '2026/11/26'"
        $q.Query | Should -Match "elb = 'app/web/50dc6c495c0c9188'"
        $q.WorkGroup | Should -Be 'team-a.prod_1'
        $q.OutputLocation | Should -Be 's3://my-results/athena/'
    }

    It 'names the table after its definition: another folder is another table, the same folder the same table' {
        $a = Get-AlbAthenaQuery @base
        $b = Get-AlbAthenaQuery @base -By Url
        $c = Get-AlbAthenaQuery @base -AccessLogUri s3://my-alb-logs/other
        $a.Table | Should -Be $b.Table
        $c.Table | Should -Not -Be $a.Table
    }

    It 'refuses <Name> with <Id> before anything runs' -ForEach @(
        @{ Name = 'a quote in the log prefix'; Extra = @{ AccessLogUri = "s3://my-alb-logs/x' OR '1'='1" }; Id = 'InvalidAccessLogUri' }
        @{ Name = 'a path into AWSLogs/'; Extra = @{ AccessLogUri = 's3://my-alb-logs/prod/AWSLogs/123456789012/' }; Id = 'InvalidAccessLogUri' }
        @{ Name = 'a bucket that is not one'; Extra = @{ AccessLogUri = 's3://x/prod' }; Id = 'InvalidAccessLogUri' }
        @{ Name = 'an http URI'; Extra = @{ AccessLogUri = 'https://my-alb-logs.s3.amazonaws.com/prod' }; Id = 'InvalidAccessLogUri' }
        @{ Name = 'SQL in the database name'; Extra = @{ AthenaDatabase = 'logs; DROP TABLE x' }; Id = 'InvalidAthenaName' }
        @{ Name = 'a capital in the database name'; Extra = @{ AthenaDatabase = 'Logs' }; Id = 'InvalidAthenaName' }
        @{ Name = 'a workgroup with a space'; Extra = @{ AthenaWorkGroup = 'team a' }; Id = 'InvalidAthenaWorkGroup' }
        @{ Name = 'an output location with a quote'; Extra = @{ AthenaOutputLocation = "s3://my-results/a'b/" }; Id = 'InvalidS3Location' }
        @{ Name = 'a target group ARN with a quote'; Extra = @{ TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1') OR (1=1" }; Id = 'InvalidTargetGroupArn' }
        @{ Name = 'a window that ends before it starts'; Extra = @{ From = '2026-11-25T00:00:00Z'; To = '2026-11-24T00:00:00Z' }; Id = 'InvalidAccessLogWindow' }
    ) {
        $p = $base.Clone(); foreach ($k in $Extra.Keys) { $p[$k] = $Extra[$k] }
        $e = ErrorOf { Get-AlbAthenaQuery @p }
        $e | Should -Not -BeNullOrEmpty
        $e.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'takes a load balancer name or ARN only by AWS''s rule' {
        $e = ErrorOf { Get-AlbAthenaQuery @base -LoadBalancerArn "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web'/1" -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidLoadBalancerArn,*'
    }

    It 'reads the log folder from a snapshot''s attributes, and says so when the logs are off' {
        $snapshot = Join-Path $TestDrive 'logs-on.json'
        $doc = Get-Content -Raw (Join-Path $PSScriptRoot '../../samples/502-target-sg.json') | ConvertFrom-Json -AsHashtable
        $attributes = $doc['DescribeLoadBalancerAttributes'].Values | Select-Object -First 1
        $attributes['Attributes'] = @(@{ Key = 'access_logs.s3.enabled'; Value = 'true' }, @{ Key = 'access_logs.s3.bucket'; Value = 'snap-logs' }, @{ Key = 'access_logs.s3.prefix'; Value = 'p/q' })
        $doc | ConvertTo-Json -Depth 30 | Set-Content $snapshot
        $q = Get-AlbAthenaQuery -Snapshot $snapshot -From '2026-11-24T00:00:00Z' -To '2026-11-24T01:00:00Z'
        $q.Location | Should -BeLike 's3://snap-logs/p/q/AWSLogs/*'
        $null = Get-AlbAthenaQuery -Snapshot (Join-Path $PSScriptRoot '../../samples/502-target-sg.json') -From '2026-11-24T00:00:00Z' -To '2026-11-24T01:00:00Z' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AccessLogLocationUnknown,*'
    }
}

Describe 'Measure-AlbAccessLog -Engine' {
    It 'requires -From and -To with Athena (AthenaWindowRequired)' {
        (ErrorOf { Measure-AlbAccessLog -Name web -Engine Athena -AccessLogUri s3://my-alb-logs/prod }).FullyQualifiedErrorId | Should -BeLike 'AthenaWindowRequired,*'
    }

    It 'refuses -Engine Athena with -Path, and -Name without -Engine Athena (AccessLogEngineMismatch)' {
        (ErrorOf { Measure-AlbAccessLog -Path (Join-Path $PSScriptRoot '../../samples/logs') -Engine Athena }).FullyQualifiedErrorId | Should -BeLike 'AccessLogEngineMismatch,*'
        (ErrorOf { Measure-AlbAccessLog -Name web -Engine Local -From 2026-01-01 -To 2026-01-02 }).FullyQualifiedErrorId | Should -BeLike 'AccessLogEngineMismatch,*'
    }

    It 'checks the Athena values before any AWS call' {
        (ErrorOf { Measure-AlbAccessLog -LoadBalancerArn $arn -Engine Athena -AccessLogUri "s3://my-alb-logs/a'b" -From 2026-01-01 -To 2026-01-02 }).FullyQualifiedErrorId | Should -BeLike 'InvalidAccessLogUri,*'
    }

    It 'reads files as before with -Engine Local' {
        $rows = @(Measure-AlbAccessLog -Path (Join-Path $PSScriptRoot '../../samples/logs') -Engine Local)
        $rows.Count | Should -BeGreaterThan 1
        $rows | ForEach-Object { $_.ScannedBytes | Should -BeNullOrEmpty; $_.QueryExecutionId | Should -BeNullOrEmpty }
    }
}
