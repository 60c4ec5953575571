#Requires -Modules Pester
# The README's install, as a new user follows it: the package the build makes, installed into a module path of its
# own, then imported by name in a fresh pwsh, where parallel runspaces and jobs see the cmdlets too.
BeforeAll {
    $script:repoRoot = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $script:staged = Split-Path -Parent @(Get-ChildItem -Path (Join-Path $repoRoot 'out/Mayros') -Filter Mayros.psd1 -Recurse)[0].FullName
    $script:builder = @(Get-ChildItem -Path (Join-Path $repoRoot 'tools/ModuleBuilder/bin') -Filter ModuleBuilder.dll -Recurse)[0].FullName
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ('mayros-install-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $script:feed = Join-Path $work 'feed'
    $script:modules = Join-Path $work 'Modules'
    $null = New-Item -ItemType Directory -Path $feed, $modules
    & dotnet $builder pack --module $staged --out $feed | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "ModuleBuilder pack failed ($LASTEXITCODE)." }
    $script:package = @(Get-ChildItem -Path $feed -Filter 'Mayros.*.nupkg')[0]
    # A fresh process of this same PowerShell: its own executable, or its pwsh.dll run by dotnet (the dotnet tool).
    $native = @('pwsh', 'pwsh.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    $script:pwsh = @(if ($native) { $native } else { 'dotnet'; Join-Path $PSHOME 'pwsh.dll' })
}

AfterAll {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Installing the package' {
    It 'installs from a local repository, with -Prerelease where PSResourceGet is there, and imports by name' {
        if (Get-Command Save-PSResource -ErrorAction SilentlyContinue) {
            # PSResourceGet, which ships with pwsh 7.4 and later from Microsoft: the README's commands.
            $name = 'mayros-test-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
            Register-PSResourceRepository -Name $name -Uri $feed -Trusted
            try {
                (Find-PSResource Mayros -Repository $name -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty -Because 'the version is a prerelease'
                Save-PSResource Mayros -Repository $name -Prerelease -Path $modules -TrustRepository
            }
            finally { Unregister-PSResourceRepository -Name $name }
        }
        else {
            # A PowerShell built without PSResourceGet (the 7.4 here, which has no Microsoft.PowerShell.Archive either):
            # the package is a zip of the module folder and its NuGet files.
            $version = ($package.BaseName -replace '^Mayros\.', '') -replace '-.*$', ''
            $target = Join-Path $modules "Mayros/$version"
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            [System.IO.Compression.ZipFile]::ExtractToDirectory($package.FullName, $target)
            Remove-Item -LiteralPath (Join-Path $target 'Mayros.nuspec'), (Join-Path $target '_rels'), (Join-Path $target '[Content_Types].xml') -Recurse -Force
        }

        $script = @'
$env:PSModulePath = $env:MAYROS_TEST_MODULES + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module Mayros -ErrorAction Stop
'import ' + (Get-Module Mayros).ModuleBase
'parallel ' + ((1..2 | ForEach-Object -Parallel { (Get-Command New-MayrosCheckpoint -ErrorAction Stop).Source }) -join ',')
'job ' + (Start-Job { (Get-Command Get-MayrosSession -ErrorAction Stop).Source } | Receive-Job -Wait -AutoRemoveJob)
if (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue) {
    'threadjob ' + (Start-ThreadJob { (Get-Command Get-MayrosSession -ErrorAction Stop).Source } | Receive-Job -Wait -AutoRemoveJob)
}
'@
        $env:MAYROS_TEST_MODULES = $modules
        try { $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 }
        finally { $env:MAYROS_TEST_MODULES = $null }
        $LASTEXITCODE | Should -Be 0
        $out | Should -Contain "import $(Join-Path $modules 'Mayros' | Join-Path -ChildPath (Split-Path -Leaf $staged))"
        $out | Should -Contain 'parallel Mayros,Mayros'
        $out | Should -Contain 'job Mayros'
        if (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue) { $out | Should -Contain 'threadjob Mayros' }
    }
}

Describe 'Updatable help' {
    It 'Update-Help -SourcePath installs the help that build.ps1 -Task Package writes, cmdlet help and about_Mayros' {
        # A copy of the module without its en-US folder, so that only Update-Help can bring the help back.
        $helpFiles = Join-Path $work 'help'
        & dotnet $builder updatable-help --module $staged --out $helpFiles | Out-Null
        $LASTEXITCODE | Should -Be 0
        $bare = Join-Path $work 'BareModules'
        $copy = Join-Path $bare "Mayros/$(Split-Path -Leaf $staged)"
        $null = New-Item -ItemType Directory -Path $copy
        Copy-Item -Path (Join-Path $staged '*') -Destination $copy -Recurse
        Remove-Item -LiteralPath (Join-Path $copy 'en-US') -Recurse -Force

        $script = @'
$env:PSModulePath = $env:MAYROS_TEST_MODULES + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module Mayros -ErrorAction Stop
'before ' + (Get-Help Get-MayrosSession).Synopsis.Trim().StartsWith('Get-MayrosSession [')
# AllUsers puts the help into the module's own folder, where PowerShell also finds about_ topics.
Update-Help -Module Mayros -SourcePath $env:MAYROS_TEST_HELP -UICulture en-US -Scope AllUsers -Force -ErrorAction Stop
'synopsis ' + (Get-Help Get-MayrosSession).Synopsis
'about ' + ((Get-Help about_Mayros | Out-String) -match 'SHORT DESCRIPTION')
'online ' + @((Get-Help Get-MayrosSession).relatedLinks.navigationLink)[0].uri
'@
        $env:MAYROS_TEST_MODULES = $bare
        $env:MAYROS_TEST_HELP = $helpFiles
        try { $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 }
        finally { $env:MAYROS_TEST_MODULES = $null; $env:MAYROS_TEST_HELP = $null }
        $LASTEXITCODE | Should -Be 0 -Because ($out | Out-String)
        $out | Should -Contain 'before True'
        $out | Should -Contain 'synopsis Lists every session of a namespace, as agents wrote it: events only, or events and a record.'
        $out | Should -Contain 'about True'
        $projectUri = (Import-PowerShellDataFile -Path (Join-Path $staged 'Mayros.psd1')).PrivateData.PSData.ProjectUri
        $out | Should -Contain "online $projectUri/blob/main/docs/en-US/Get-MayrosSession.md"
        Test-Path -LiteralPath (Join-Path $copy 'en-US/Mayros.PowerShell.dll-Help.xml') | Should -BeTrue
    }
}
