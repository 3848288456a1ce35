<#
.SYNOPSIS
    Compiles the Markdown cmdlet help in docs/cmdlets/ into the MAML file PowerShell reads.
.DESCRIPTION
    Runs in a fresh pwsh (build.ps1 starts it) with the built module imported, so that syntax,
    parameter types, positions, pipeline input and aliases come from the cmdlets themselves and
    only the prose comes from Markdown. Fails the build when a cmdlet has no help page, a page lacks
    a section, or a parameter is undocumented (or documented but does not exist).

    Page layout (one file per cmdlet, named <Cmdlet>.md):
        # <Cmdlet>
        ## SYNOPSIS
        ## DESCRIPTION
        ## EXAMPLES          ### Example N: title, then a ```powershell block, then remarks
        ## PARAMETERS        ### -Name, then its description
        ## INPUTS            ### <type name>, then a description
        ## OUTPUTS           ### <type name>, then a description
        ## NOTES             (optional)
        ## RELATED LINKS     (optional) Markdown links, one per line

    -Culture compiles a translation: pages in <SourceDirectory>/<Culture>/ (shared parameters in
    <Culture>/shared/), the same layout and headings, the prose translated. The same rules hold (a
    page for every cmdlet, every parameter described), and each example's code must be the English
    page's, in the same order, so a translated page cannot drift from what the module runs.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SourceDirectory,
    [Parameter(Mandatory)] [string] $OutputFile,
    # en-US reads <SourceDirectory>/<Cmdlet>.md; another culture <SourceDirectory>/<Culture>/<Cmdlet>.md.
    [ValidatePattern('^[a-z]{2}-[A-Z]{2}$')] [string] $Culture = 'en-US'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$module = Import-Module $ModuleManifest -PassThru -Force
# Get-Help -Online opens the cmdlet's page in the repository the manifest names.
$projectUri = (Import-PowerShellDataFile $ModuleManifest).PrivateData.PSData.ProjectUri
if (-not $projectUri) { throw "$ModuleManifest has no PrivateData.PSData.ProjectUri, so Get-Help -Online would have nowhere to go." }
$onlineBase = $projectUri.TrimEnd('/') + '/blob/main/docs/cmdlets'
$EnglishDirectory = $SourceDirectory
if ($Culture -ne 'en-US') {
    $SourceDirectory = Join-Path $SourceDirectory $Culture
    $onlineBase += "/$Culture"
}
# -WhatIf and -Confirm are documented on the cmdlets that have them (SupportsShouldProcess), as
# Get-Help shows them for built-in cmdlets; the other common parameters are about_CommonParameters'.
$common = [System.Management.Automation.Cmdlet]::CommonParameters + 'UseTransaction'

function Split-Section([string[]] $Lines, [string] $Prefix) {
    # Returns an ordered map: heading text -> the lines under it, for headings starting with $Prefix.
    $sections = [ordered]@{}
    $current = $null
    $inCode = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inCode = -not $inCode }
        if (-not $inCode -and $line.StartsWith($Prefix) -and -not $line.StartsWith($Prefix + '#')) {
            $current = $line.Substring($Prefix.Length).Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) { $sections[$current].Add($line) }
    }
    $sections
}

function ConvertTo-Paragraphs([string[]] $Lines) {
    # Blank lines separate paragraphs; list items stay one paragraph each.
    $paras = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ([string]::IsNullOrWhiteSpace($line) -or $line -match '^\s*[-*] ') {
            if ($buffer.Count) { $paras.Add(($buffer -join ' ')); $buffer.Clear() }
            if ($line -match '^\s*[-*] ') { $buffer.Add($line.Trim()) }
        }
        else { $buffer.Add($line.Trim()) }
    }
    if ($buffer.Count) { $paras.Add(($buffer -join ' ')) }
    ,$paras.ToArray()
}

function Get-Text($Sections, [string] $Name, [string] $Page, [switch] $Optional) {
    if (-not $Sections.Contains($Name)) {
        if ($Optional) { return @() }
        throw "$Page has no '## $Name' section."
    }
    $paras = ConvertTo-Paragraphs $Sections[$Name]
    if (-not $Optional -and $paras.Count -eq 0) { throw "$Page has an empty '## $Name' section." }
    ,$paras
}

function Get-ExampleCode([string] $Page) {
    # The code blocks of a page's examples, in order: what a translation must keep as it is.
    $sections = Split-Section (Get-Content -LiteralPath $Page -Encoding utf8) '## '
    if (-not $sections.Contains('EXAMPLES')) { return ,@() }
    $blocks = [System.Collections.Generic.List[string]]::new()
    foreach ($body in (Split-Section $sections['EXAMPLES'] '### ').Values) {
        $code = [System.Collections.Generic.List[string]]::new(); $inCode = $false
        foreach ($line in $body) {
            if ($line -match '^```') { if ($inCode) { break }; $inCode = $true; continue }
            if ($inCode) { $code.Add($line) }
        }
        $blocks.Add(($code -join "`n"))
    }
    ,$blocks.ToArray()
}

$sharedParamDocs = [ordered]@{}
foreach ($sharedPage in (Get-ChildItem -Path (Join-Path $SourceDirectory 'shared') -Filter *.md -ErrorAction Ignore)) {
    $sharedSections = Split-Section (Get-Content -LiteralPath $sharedPage.FullName -Encoding utf8) '## '
    if ($sharedSections.Contains('PARAMETERS')) {
        $found = Split-Section $sharedSections['PARAMETERS'] '### '
        foreach ($k in $found.Keys) { $sharedParamDocs[$k] = $found[$k] }
    }
}

$xml = [System.Text.StringBuilder]::new()
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$stream = [System.IO.MemoryStream]::new()
$w = [System.Xml.XmlWriter]::Create($stream, $settings)
$nsMsh = 'http://msh'; $nsMaml = 'http://schemas.microsoft.com/maml/2004/10'
$nsCommand = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; $nsDev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras([string[]] $Paras) {
    $w.WriteStartElement('maml', 'description', $nsMaml)
    foreach ($p in $Paras) { $w.WriteElementString('maml', 'para', $nsMaml, $p) }
    $w.WriteEndElement()
}

function Get-TypeName([type] $Type) {
    # What users write in PowerShell: Int32 for int?, String[] for string[], List[String] for a generic.
    if ($Type.IsArray) { return (Get-TypeName $Type.GetElementType()) + '[]' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-TypeName $underlying }
    if ($Type.IsGenericType) { return ($Type.Name -replace '`\d+$') + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-TypeName $_ }) -join ', ') + ']' }
    $Type.Name
}

function Get-ParameterFacts($Command, [string] $Name, $InSet) {
    # What Get-Help shows for a parameter across its sets. In one syntax item ($InSet): that set's
    # metadata. In the parameter list: pipeline input from any set; the position of the default set
    # when the parameter is positional there, else its first positional set; required when mandatory
    # in every set it is in.
    $all = @($Command.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $Name })
    $sets = if ($InSet) { @($InSet) } else { $all }
    $default = if (-not $InSet) { $Command.ParameterSets | Where-Object IsDefault | ForEach-Object { $_.Parameters | Where-Object Name -EQ $Name } }
    $positional = @(@($default) + $sets | Where-Object { $_ -and $_.Position -ge 0 })
    $pipeline = @()
    if ($sets | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($sets | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    [pscustomobject]@{
        Required = [bool](-not ($sets | Where-Object { -not $_.IsMandatory }))
        Position = $(if ($positional) { "$($positional[0].Position)" } else { 'named' })
        Pipeline = $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' })
    }
}

function Write-Parameter($Command, $Param, $InSet, [string[]] $Description) {
    $facts = Get-ParameterFacts $Command $Param.Name $InSet
    $wildcards = [bool]($Param.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $w.WriteStartElement('command', 'parameter', $nsCommand)
    $w.WriteAttributeString('required', "$($facts.Required)".ToLowerInvariant())
    $w.WriteAttributeString('variableLength', "$($Param.ParameterType.IsArray)".ToLowerInvariant())
    $w.WriteAttributeString('globbing', "$wildcards".ToLowerInvariant())
    $w.WriteAttributeString('pipelineInput', $facts.Pipeline)
    $w.WriteAttributeString('position', $facts.Position)
    $w.WriteAttributeString('aliases', $(if ($Param.Aliases.Count) { $Param.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $nsMaml, $Param.Name)
    Write-Paras $Description
    $typeName = Get-TypeName $Param.ParameterType
    if ($Param.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $w.WriteStartElement('command', 'parameterValue', $nsCommand)
        $w.WriteAttributeString('required', 'true'); $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString($typeName); $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $nsDev); $w.WriteElementString('maml', 'name', $nsMaml, $typeName); $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $nsDev, 'None')
    $w.WriteEndElement()
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', $nsMsh)
$w.WriteAttributeString('schema', 'maml')
foreach ($cmd in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $page = Join-Path $SourceDirectory "$($cmd.Name).md"
    if (-not (Test-Path $page)) { throw "Cmdlet $($cmd.Name) has no help page: expected $page." }
    $lines = Get-Content -LiteralPath $page -Encoding utf8
    $sections = Split-Section $lines '## '
    $synopsis = Get-Text $sections 'SYNOPSIS' $page
    $description = Get-Text $sections 'DESCRIPTION' $page
    if (-not $sections.Contains('EXAMPLES')) { throw "$page has no '## EXAMPLES' section." }
    $examples = Split-Section $sections['EXAMPLES'] '### '
    if ($examples.Count -eq 0) { throw "$page has no example." }
    if ($Culture -ne 'en-US') {
        $english = Get-ExampleCode (Join-Path $EnglishDirectory "$($cmd.Name).md")
        $translated = Get-ExampleCode $page
        if ($translated.Count -ne $english.Count) { throw "$page has $($translated.Count) examples; the English page has $($english.Count)." }
        for ($i = 0; $i -lt $english.Count; $i++) {
            if ($translated[$i] -cne $english[$i]) { throw "$page example $($i + 1) has other code than the English page's: keep the code, translate the prose." }
        }
    }
    $paramDocs = if ($sections.Contains('PARAMETERS')) { Split-Section $sections['PARAMETERS'] '### ' } else { [ordered]@{} }
    $parameters = @($cmd.Parameters.Values | Where-Object { $_.Name -notin $common })
    # Parameters a base class gives many cmdlets (the AWS-state parameters of docs/public-surface.md §2) are
    # described once in docs/cmdlets/shared/*.md; a page may still describe one itself.
    foreach ($p in $parameters) {
        if (-not $paramDocs.Contains("-$($p.Name)") -and $sharedParamDocs.Contains("-$($p.Name)")) { $paramDocs["-$($p.Name)"] = $sharedParamDocs["-$($p.Name)"] }
    }
    foreach ($p in $parameters) {
        if (-not $paramDocs.Contains("-$($p.Name)") -or (ConvertTo-Paragraphs $paramDocs["-$($p.Name)"]).Count -eq 0) {
            throw "$page does not describe parameter -$($p.Name)."
        }
    }
    foreach ($documented in $paramDocs.Keys) {
        if ($documented.TrimStart('-') -notin $parameters.Name) { throw "$page documents $documented, which $($cmd.Name) does not have." }
    }

    $w.WriteStartElement('command', 'command', $nsCommand)
    $w.WriteAttributeString('xmlns', 'maml', $null, $nsMaml)
    $w.WriteAttributeString('xmlns', 'command', $null, $nsCommand)
    $w.WriteAttributeString('xmlns', 'dev', $null, $nsDev)
    $w.WriteStartElement('command', 'details', $nsCommand)
    $w.WriteElementString('command', 'name', $nsCommand, $cmd.Name)
    $w.WriteElementString('command', 'verb', $nsCommand, $cmd.Verb)
    $w.WriteElementString('command', 'noun', $nsCommand, $cmd.Noun)
    Write-Paras $synopsis
    $w.WriteEndElement()
    Write-Paras $description

    $w.WriteStartElement('command', 'syntax', $nsCommand)
    foreach ($set in $cmd.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $nsCommand)
        $w.WriteElementString('maml', 'name', $nsMaml, $cmd.Name)
        foreach ($sp in ($set.Parameters | Where-Object { $_.Name -notin $common } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } })) {
            Write-Parameter $cmd $cmd.Parameters[$sp.Name] $sp (ConvertTo-Paragraphs $paramDocs["-$($sp.Name)"])
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $nsCommand)
    foreach ($p in $parameters) {
        Write-Parameter $cmd $p $null (ConvertTo-Paragraphs $paramDocs["-$($p.Name)"])
    }
    $w.WriteEndElement()

    foreach ($kind in @(@('INPUTS', 'inputTypes', 'inputType'), @('OUTPUTS', 'returnValues', 'returnValue'))) {
        $w.WriteStartElement('command', $kind[1], $nsCommand)
        if ($sections.Contains($kind[0])) {
            $types = Split-Section $sections[$kind[0]] '### '
            foreach ($t in $types.Keys) {
                $w.WriteStartElement('command', $kind[2], $nsCommand)
                $w.WriteStartElement('dev', 'type', $nsDev); $w.WriteElementString('maml', 'name', $nsMaml, $t); $w.WriteEndElement()
                Write-Paras (ConvertTo-Paragraphs $types[$t])
                $w.WriteEndElement()
            }
        }
        $w.WriteEndElement()
    }

    $notes = Get-Text $sections 'NOTES' $page -Optional
    if ($notes.Count) {
        $w.WriteStartElement('maml', 'alertSet', $nsMaml); $w.WriteStartElement('maml', 'alert', $nsMaml)
        foreach ($n in $notes) { $w.WriteElementString('maml', 'para', $nsMaml, $n) }
        $w.WriteEndElement(); $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $nsCommand)
    foreach ($title in $examples.Keys) {
        $body = $examples[$title]
        $code = [System.Collections.Generic.List[string]]::new(); $remarks = [System.Collections.Generic.List[string]]::new()
        $state = 'before'
        foreach ($line in $body) {
            if ($state -eq 'before' -and $line -match '^```') { $state = 'code'; continue }
            if ($state -eq 'code' -and $line -match '^```') { $state = 'after'; continue }
            if ($state -eq 'code') { $code.Add($line) } elseif ($state -eq 'after') { $remarks.Add($line) }
        }
        if ($code.Count -eq 0) { throw "$page example '$title' has no code block." }
        $w.WriteStartElement('command', 'example', $nsCommand)
        $w.WriteElementString('maml', 'title', $nsMaml, "-------------------------- $title --------------------------")
        $w.WriteElementString('dev', 'code', $nsDev, ($code -join "`n"))
        $w.WriteStartElement('dev', 'remarks', $nsDev)
        foreach ($r in (ConvertTo-Paragraphs $remarks)) { $w.WriteElementString('maml', 'para', $nsMaml, $r) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $nsCommand)
    # First the page itself in the repository: Get-Help -Online opens the first link that has a URI.
    $links = @("[Online Version:]($onlineBase/$($cmd.Name).md)") + (Get-Text $sections 'RELATED LINKS' $page -Optional)
    foreach ($link in $links) {
        if ($link -match '\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') {
            $text = $Matches.text; $uri = $Matches.uri
            $w.WriteStartElement('maml', 'navigationLink', $nsMaml)
            $w.WriteElementString('maml', 'linkText', $nsMaml, $text)
            $w.WriteElementString('maml', 'uri', $nsMaml, $(if ($uri -match '^https?://') { $uri } else { '' }))
            $w.WriteEndElement()
        }
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Flush(); $w.Dispose()
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutputFile)
[System.IO.File]::WriteAllBytes($OutputFile, $stream.ToArray())
