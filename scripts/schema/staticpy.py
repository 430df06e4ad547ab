"""A small static evaluator for OpenStack option declarations.

It runs module and function bodies symbolically over Python's `ast`, far enough to
see oslo.config option constructors, option groups, register calls and the
values `list_opts()` functions return.  Anything it cannot follow becomes UNKNOWN
instead of failing, so one odd module never hides the rest.  Upstream code is only
read from git objects, never imported or executed.
"""

import ast
import subprocess
import sys

sys.setrecursionlimit(20000)


class _Unknown:
    def __repr__(self):
        return 'UNKNOWN'

    def __bool__(self):
        return False


UNKNOWN = _Unknown()


class Git:
    """Reads blobs and trees of one bare repository through one cat-file process."""

    def __init__(self, git_dir):
        self.git_dir = git_dir
        self._proc = None
        self._trees = {}

    def _cat(self):
        if self._proc is None:
            self._proc = subprocess.Popen(['git', '--git-dir', self.git_dir, 'cat-file', '--batch'],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self._proc

    def read(self, rev, path):
        proc = self._cat()
        proc.stdin.write(('%s:%s\n' % (rev, path)).encode())
        proc.stdin.flush()
        header = proc.stdout.readline().decode().split()
        if len(header) < 3 or header[1] == 'missing':
            return None
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)
        if header[1] != 'blob':
            return None
        return data.decode('utf-8', 'replace')

    def files(self, rev):
        if rev not in self._trees:
            out = subprocess.run(['git', '--git-dir', self.git_dir, 'ls-tree', '-r', '--name-only', rev],
                                 capture_output=True, check=True).stdout.decode()
            self._trees[rev] = set(out.splitlines())
        return self._trees[rev]

    def commit(self, rev):
        return subprocess.run(['git', '--git-dir', self.git_dir, 'rev-list', '-n1', rev],
                              capture_output=True, check=True).stdout.decode().strip()

    def refs(self):
        out = subprocess.run(['git', '--git-dir', self.git_dir, 'for-each-ref', '--format=%(refname)'],
                             capture_output=True, check=True).stdout.decode()
        return [r for r in out.splitlines() if not r.startswith('refs/pull/')]


# ---------------------------------------------------------------- values

class Opt:
    __slots__ = ('kind', 'name', 'dest', 'type', 'item_type', 'choices', 'min', 'max', 'deprecated',
                 'deprecated_for_removal', 'secret', 'multi', 'help', 'default', 'positional', 'attrs')

    def __init__(self):
        self.attrs = {}

    def key_name(self):
        return self.dest or self.name


class OptGroup:
    def __init__(self, name, title=None, help=None):
        self.name = name
        self.title = title
        self.help = help


class Deprecated:
    def __init__(self, name, group):
        self.name = name
        self.group = group


class TypeV:
    """An oslo_config.types instance (or a bare Python type used as one)."""

    def __init__(self, name, item=None, choices=None, minimum=None, maximum=None):
        self.name = name
        self.item = item
        self.choices = choices
        self.min = minimum
        self.max = maximum


class Module:
    def __init__(self, name, env=None):
        self.name = name
        self.env = env if env is not None else {}
        self.loaded = False


class Func:
    def __init__(self, node, module, closure, name):
        self.node = node
        self.module = module
        self.closure = closure
        self.name = name
        self.attrs = {}
        self.decorators = [d.id if isinstance(d, ast.Name) else getattr(d, 'attr', None)
                           for d in node.decorator_list] if not isinstance(node, ast.Lambda) else []


class Bound:
    def __init__(self, func, self_obj, cls):
        self.func = func
        self.self_obj = self_obj
        self.cls = cls


class Class:
    def __init__(self, name, bases, module):
        self.name = name
        self.bases = bases
        self.attrs = {}
        self.module = module

    def mro(self):
        out = [self]
        for base in self.bases:
            if isinstance(base, Class):
                for c in base.mro():
                    if c not in out:
                        out.append(c)
        return out

    def lookup(self, name, start_after=None):
        chain = self.mro()
        if start_after is not None and start_after in chain:
            chain = chain[chain.index(start_after) + 1:]
        for c in chain:
            if name in c.attrs:
                return c.attrs[name], c
        return None, None


class Instance:
    def __init__(self, cls):
        self.cls = cls
        self.attrs = {}


class Builtin:
    def __init__(self, fn, name=''):
        self.fn = fn
        self.name = name


class Super:
    def __init__(self, cls, obj):
        self.cls = cls
        self.obj = obj


class Stevedore:
    """stevedore's managers over the entry points of the trees being read."""

    def __init__(self, interp, namespace, names=None, invoke_on_load=False, invoke_args=(), invoke_kwds=None):
        self.interp = interp
        eps = interp.entry_points.get(namespace, {}) if isinstance(namespace, str) else {}
        self.eps = {n: t for n, t in eps.items() if names is None or n in names}
        self.invoke = invoke_on_load
        self.args = list(invoke_args) if isinstance(invoke_args, (list, tuple)) else []
        self.kwds = invoke_kwds if isinstance(invoke_kwds, dict) else {}
        self._ext = {}

    def extension(self, name):
        if name not in self._ext:
            target = self.eps.get(name)
            plugin = UNKNOWN
            if isinstance(target, str):
                modname, _, attr = target.partition(':')
                mod = self.interp.module(modname.strip())
                plugin = mod.env.get(attr.strip(), UNKNOWN) if mod.env and attr else (mod if not attr else UNKNOWN)
            obj = self.interp.call(plugin, self.args, dict(self.kwds)) if self.invoke else UNKNOWN
            self._ext[name] = _Extension(name, plugin, obj)
        return self._ext[name]

    def sp_getattr(self, interp, attr):
        if attr == 'names':
            return Builtin(lambda it, a, k: sorted(self.eps), 'names')
        if attr == 'extensions':
            return [self.extension(n) for n in sorted(self.eps)]
        if attr == 'driver':
            names = sorted(self.eps)
            if not names:
                return UNKNOWN
            ext = self.extension(names[0])
            return ext.obj if self.invoke else ext.plugin
        if attr == 'map':
            return Builtin(lambda it, a, k: [it.call(a[0], [self.extension(n)] + list(a[1:]), k)
                                             for n in sorted(self.eps)] if a else UNKNOWN, 'map')
        return UNKNOWN

    def sp_getitem(self, interp, key):
        return self.extension(key) if key in self.eps else UNKNOWN

    def __iter__(self):
        return iter([self.extension(n) for n in sorted(self.eps)])


class _Extension:
    def __init__(self, name, plugin, obj):
        self.name = name
        self.plugin = plugin
        self.obj = obj

    def sp_setattr(self, attr, value):
        if attr == 'obj':
            self.obj = value

    def sp_getattr(self, interp, attr):
        return {'name': self.name, 'plugin': self.plugin, 'obj': self.obj, 'entry_point': UNKNOWN}.get(attr, UNKNOWN)


def make_stevedore(interp):
    def manager(kind):
        def make(it, a, k):
            namespace = k.get('namespace', a[0] if a else None)
            names = None
            if kind == 'named':
                names = k.get('names', a[1] if len(a) > 1 else None)
                names = names if isinstance(names, (list, tuple)) else None
            if kind == 'driver':
                name = k.get('name', a[1] if len(a) > 1 else None)
                names = [name] if isinstance(name, str) else []
            return Stevedore(it, namespace, names, k.get('invoke_on_load') is True, k.get('invoke_args', ()),
                             k.get('invoke_kwds'))
        return Builtin(make, kind)
    env = {'ExtensionManager': manager('all'), 'EnabledExtensionManager': manager('all'),
           'NamedExtensionManager': manager('named'), 'DriverManager': manager('driver'),
           'HookManager': manager('named')}
    mod = Module('stevedore', env)
    mod.loaded = True
    for sub in ('extension', 'named', 'driver', 'enabled', 'hook'):
        m = Module('stevedore.' + sub, env)
        m.loaded = True
        interp.modules['stevedore.' + sub] = m
        env[sub] = m
    interp.modules['stevedore'] = mod


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class StepLimit(Exception):
    pass


OPT_TYPES = {
    'StrOpt': 'string', 'IntOpt': 'integer', 'BoolOpt': 'boolean', 'FloatOpt': 'floating point',
    'ListOpt': 'list', 'DictOpt': 'dict', 'MultiStrOpt': 'multi valued', 'MultiOpt': 'multi valued',
    'IPOpt': 'ip address', 'PortOpt': 'port', 'HostnameOpt': 'hostname', 'HostAddressOpt': 'host address',
    'URIOpt': 'uri', 'HostDomainOpt': 'host domain', 'Opt': 'string', 'SubCommandOpt': 'subcommand',
}
TYPE_CLASSES = {
    'String': 'string', 'Integer': 'integer', 'Boolean': 'boolean', 'Float': 'floating point', 'List': 'list',
    'Dict': 'dict', 'IPAddress': 'ip address', 'Port': 'port', 'Hostname': 'hostname',
    'HostAddress': 'host address', 'URI': 'uri', 'HostDomain': 'host domain', 'Range': 'range',
    'MultiString': 'multi valued',
}
PY_TYPES = {'str': 'string', 'int': 'integer', 'bool': 'boolean', 'float': 'floating point'}


def _opt_ctor(cls_name):
    def make(interp, args, kwargs):
        opt = Opt()
        opt.kind = cls_name
        opt.attrs['origin'] = interp.current_module.name if interp.current_module else None
        names = ['name']
        if cls_name == 'Opt':
            names = ['name', 'type', 'dest', 'short', 'default', 'positional', 'metavar', 'help', 'secret',
                     'required', 'deprecated_name', 'deprecated_group', 'deprecated_opts', 'sample_default',
                     'deprecated_for_removal']
        elif cls_name == 'MultiOpt':
            names = ['name', 'item_type']
        params = dict(zip(names, args))
        params.update(kwargs)
        opt.name = params.get('name')
        opt.dest = params.get('dest') if isinstance(params.get('dest'), str) else None
        if isinstance(opt.name, str) and opt.dest is None:
            opt.dest = opt.name.replace('-', '_')
        base_type = OPT_TYPES.get(cls_name, 'string')
        opt.item_type = None
        opt.choices = params.get('choices')
        opt.min = params.get('min')
        opt.max = params.get('max')
        opt.multi = cls_name in ('MultiStrOpt', 'MultiOpt')
        type_value = params.get('type')
        if cls_name == 'Opt':
            if isinstance(type_value, TypeV):
                base_type = type_value.name
                opt.choices = opt.choices or type_value.choices
                opt.min = type_value.min if opt.min is None else opt.min
                opt.max = type_value.max if opt.max is None else opt.max
                if type_value.name == 'list':
                    opt.item_type = type_value.item
            elif isinstance(type_value, Builtin) and type_value.name in PY_TYPES:
                base_type = PY_TYPES[type_value.name]
            elif type_value is None:
                base_type = 'string'
            else:
                base_type = 'unknown'
        if cls_name == 'ListOpt':
            item = params.get('item_type')
            if isinstance(item, TypeV):
                opt.item_type = item.name
                if item.choices and not opt.choices:
                    opt.attrs['item_choices'] = item.choices
        if cls_name == 'MultiOpt':
            # oslo-config-generator names a MultiOpt by its item type; strings are "multi valued"
            item = params.get('item_type')
            if isinstance(item, TypeV) and item.name not in ('string', 'multi valued'):
                base_type = item.name
        if cls_name == 'StrOpt' and isinstance(params.get('choices'), (list, tuple)):
            pass
        opt.type = base_type
        dep = []
        dname, dgroup = params.get('deprecated_name'), params.get('deprecated_group')
        if isinstance(dname, str) or isinstance(dgroup, str):
            dep.append((dgroup if isinstance(dgroup, str) else None, dname if isinstance(dname, str) else None))
        dopts = params.get('deprecated_opts')
        if isinstance(dopts, (list, tuple)):
            for d in dopts:
                if isinstance(d, Deprecated):
                    dep.append((d.group, d.name))
        opt.deprecated = dep
        opt.deprecated_for_removal = params.get('deprecated_for_removal') is True
        opt.secret = params.get('secret') is True
        opt.help = params.get('help') if isinstance(params.get('help'), str) else None
        opt.default = params.get('default')
        opt.positional = params.get('positional') is True
        opt.attrs['sample_default'] = params.get('sample_default')
        opt.attrs['deprecated_reason'] = params.get('deprecated_reason')
        opt.attrs['deprecated_since'] = params.get('deprecated_since')
        opt.attrs['advanced'] = params.get('advanced') is True
        return opt
    return make


def _type_ctor(cls_name):
    def make(interp, args, kwargs):
        name = TYPE_CLASSES.get(cls_name, 'unknown')
        if cls_name == 'List':
            item = kwargs.get('item_type', args[0] if args else None)
            item_name = item.name if isinstance(item, TypeV) else (None if item is None else 'unknown')
            return TypeV('list', item=item_name or 'string')
        choices = kwargs.get('choices')
        if cls_name == 'String' and choices is None and len(args) >= 1:
            choices = args[0]
        minimum = kwargs.get('min', args[0] if cls_name in ('Integer', 'Float', 'Port') and args else None)
        maximum = kwargs.get('max', args[1] if cls_name in ('Integer', 'Float', 'Port') and len(args) > 1 else None)
        return TypeV(name, choices=choices, minimum=minimum, maximum=maximum)
    return make


def _choice_values(choices):
    if not isinstance(choices, (list, tuple)):
        return None
    out = []
    for c in choices:
        if isinstance(c, (list, tuple)) and c:
            c = c[0]
        if isinstance(c, (str, int, float, bool)):
            out.append(c)
        elif c is None:
            continue
        else:
            return None
    return out


class ConfStub:
    """cfg.CONF and other ConfigOpts objects: records register calls."""

    def __init__(self, interp):
        self.interp = interp


def make_cfg_module(interp, name):
    env = {}
    for cls_name in OPT_TYPES:
        env[cls_name] = Builtin(_opt_ctor(cls_name), cls_name)
    env['OptGroup'] = Builtin(lambda it, a, k: OptGroup(k.get('name', a[0] if a else None),
                                                        k.get('title', a[1] if len(a) > 1 else None),
                                                        k.get('help', a[2] if len(a) > 2 else None)), 'OptGroup')
    env['DeprecatedOpt'] = Builtin(lambda it, a, k: Deprecated(k.get('name', a[0] if a else None),
                                                               k.get('group', a[1] if len(a) > 1 else None)),
                                   'DeprecatedOpt')
    env['CONF'] = interp.conf
    env['ConfigOpts'] = Builtin(lambda it, a, k: ConfStub(it), 'ConfigOpts')
    types = Module(name + '.types')
    for cls_name in TYPE_CLASSES:
        types.env[cls_name] = Builtin(_type_ctor(cls_name), cls_name)
    types.loaded = True
    env['types'] = types
    mod = Module(name, env)
    mod.loaded = True
    return mod, types


# ---------------------------------------------------------------- interpreter

class Interp:
    """Evaluates modules of several source trees (package prefix -> Git, rev)."""

    def __init__(self, roots, overrides=None, entry_points=None):
        # roots: list of (package name, Git, rev, path prefix)
        self.roots = roots
        self.modules = {}
        self.conf = ConfStub(self)
        self.registered = []  # (opt, group name or None)
        self.overrides = overrides or {}
        self.entry_points = entry_points or {}
        self.steps = 0
        self.max_steps = 3_000_000
        self.failures = []
        self.current_module = None
        cfg_names = ('oslo_config.cfg', 'oslo.config.cfg', 'oslo_config', 'oslo.config')
        cfg, types = make_cfg_module(self, 'oslo_config.cfg')
        for n in cfg_names:
            if n.endswith('cfg'):
                self.modules[n] = cfg
        pkg = Module('oslo_config', {'cfg': cfg, 'types': types})
        pkg.loaded = True
        self.modules['oslo_config'] = pkg
        self.modules['oslo.config'] = pkg
        self.modules['oslo_config.types'] = types
        self.modules['oslo.config.types'] = types
        self.builtins = self._builtins()
        make_stevedore(self)

    # ------------------------------------------------ module loading
    def locate(self, modname):
        found = self._locate(modname)
        if found is None and 'async_' in modname.split('.'):
            # a Python 2 tree's `async` package, renamed while parsing (see _py2_fix)
            found = self._locate('.'.join('async' if p == 'async_' else p for p in modname.split('.')))
        return found

    def _locate(self, modname):
        for pkg, git, rev, prefix in self.roots:
            if modname == pkg or modname.startswith(pkg + '.'):
                rel = modname.replace('.', '/')
                files = git.files(rev)
                for cand in (prefix + rel + '.py', prefix + rel + '/__init__.py'):
                    if cand in files:
                        return git, rev, cand
                return None
        return None

    def is_package(self, modname):
        loc = self.locate(modname)
        return loc is not None and loc[2].endswith('__init__.py')

    def module(self, modname):
        if modname in self.modules:
            mod = self.modules[modname]
            return mod
        if modname in self.overrides and not callable(self.overrides[modname]):
            return self.overrides[modname]
        loc = self.locate(modname)
        mod = Module(modname)
        self.modules[modname] = mod
        if loc is None:
            mod.env = None  # unknown module: every attribute is UNKNOWN
            return mod
        git, rev, path = loc
        src = git.read(rev, path)
        tree = parse_lenient(src)
        if tree is None:
            self.failures.append('%s: unparsable' % modname)
            mod.env = None
            return mod
        mod.env['__name__'] = modname
        mod.path = path
        mod.tree = tree
        saved = self.current_module
        self.current_module = mod
        for stmt in tree.body:
            # one statement that cannot be followed does not hide the rest of the module
            try:
                self.exec_stmt(stmt, mod.env, mod, None)
            except StepLimit:
                raise
            except Exception as exc:  # noqa
                self.failures.append('%s:%d: %r' % (modname, getattr(stmt, 'lineno', 0), exc))
        self.current_module = saved
        mod.loaded = True
        if '.' in modname:
            parent = self.modules.get(modname.rsplit('.', 1)[0])
            if parent is not None and parent.env is not None:
                parent.env[modname.rsplit('.', 1)[1]] = mod
        return mod

    def import_name(self, name, env, mod, asname=None):
        parts = name.split('.')
        target = self.module(name)
        if asname:
            env[asname] = target
        else:
            top = self.module(parts[0])
            env[parts[0]] = top
            # make submodules reachable as attributes
            prev = top
            for i in range(1, len(parts)):
                sub = self.module('.'.join(parts[:i + 1]))
                if prev.env is not None:
                    prev.env.setdefault(parts[i], sub)
                prev = sub

    def import_from(self, node, env, mod):
        base = node.module or ''
        if node.level:
            pkg_parts = mod.name.split('.')
            if not (getattr(mod, 'path', '').endswith('__init__.py')):
                pkg_parts = pkg_parts[:-1]
            if node.level > 1:
                pkg_parts = pkg_parts[:-(node.level - 1)]
            base = '.'.join(pkg_parts + ([base] if base else []))
        source = self.module(base)
        for alias in node.names:
            if alias.name == '*':
                if source.env:
                    public = source.env.get('__all__')
                    names = [n for n in public if isinstance(n, str)] if isinstance(public, (list, tuple)) \
                        else [k for k in source.env if not k.startswith('_')]
                    for k in names:
                        if k in source.env:
                            env[k] = source.env[k]
                continue
            value = UNKNOWN
            if source.env is not None and alias.name in source.env:
                value = source.env[alias.name]
            else:
                subname = base + '.' + alias.name
                if self.locate(subname) or subname in self.modules:
                    value = self.module(subname)
                    if source.env is not None:
                        source.env.setdefault(alias.name, value)
            env[alias.asname or alias.name] = value

    # ------------------------------------------------ statements
    def exec_block(self, body, env, mod, func_ctx):
        for stmt in body:
            self.exec_stmt(stmt, env, mod, func_ctx)

    def tick(self):
        self.steps += 1
        if self.steps > self.max_steps:
            raise StepLimit()

    def exec_stmt(self, stmt, env, mod, ctx):
        self.tick()
        t = type(stmt)
        if t is ast.Import:
            for alias in stmt.names:
                self.import_name(alias.name, env, mod, alias.asname)
        elif t is ast.ImportFrom:
            self.import_from(stmt, env, mod)
        elif t is ast.Assign:
            value = self.eval(stmt.value, env, mod, ctx)
            for target in stmt.targets:
                self.assign(target, value, env, mod, ctx)
        elif t is ast.AnnAssign:
            if stmt.value is not None:
                self.assign(stmt.target, self.eval(stmt.value, env, mod, ctx), env, mod, ctx)
        elif t is ast.AugAssign:
            cur = self.eval(stmt.target, env, mod, ctx) if not isinstance(stmt.target, ast.Name) \
                else self.lookup(stmt.target.id, env, mod)
            val = self.eval(stmt.value, env, mod, ctx)
            if isinstance(cur, list) and isinstance(stmt.op, ast.Add):
                cur.extend(self.iterate(val))
                new = cur
            else:
                new = self.binop(stmt.op, cur, val)
            self.assign(stmt.target, new, env, mod, ctx)
        elif t in (ast.FunctionDef, ast.AsyncFunctionDef):
            env[stmt.name] = Func(stmt, mod, env if ctx is not None else None, stmt.name)
        elif t is ast.ClassDef:
            bases = [self.eval(b, env, mod, ctx) for b in stmt.bases]
            cls = Class(stmt.name, bases, mod)
            self.exec_block(stmt.body, cls.attrs, mod, ctx)
            for k, v in list(cls.attrs.items()):
                if isinstance(v, Func):
                    v.owner = cls
            env[stmt.name] = cls
        elif t is ast.Expr:
            self.eval(stmt.value, env, mod, ctx)
        elif t is ast.Return:
            raise _Return(self.eval(stmt.value, env, mod, ctx) if stmt.value is not None else None)
        elif t is ast.If:
            test = self.truth(self.eval(stmt.test, env, mod, ctx))
            if test is True:
                self.exec_block(stmt.body, env, mod, ctx)
            elif test is False:
                self.exec_block(stmt.orelse, env, mod, ctx)
            else:
                self.exec_block(stmt.body, env, mod, ctx)
                self.exec_block(stmt.orelse, env, mod, ctx)
        elif t is ast.For:
            it = self.eval(stmt.iter, env, mod, ctx)
            items = self.iterate(it)
            try:
                for item in items:
                    self.assign(stmt.target, item, env, mod, ctx)
                    try:
                        self.exec_block(stmt.body, env, mod, ctx)
                    except _Continue:
                        continue
            except _Break:
                pass
        elif t is ast.Try or t.__name__ == 'TryStar':
            failed = False
            try:
                self.exec_block(stmt.body, env, mod, ctx)
            except (_Return, _Break, _Continue, StepLimit):
                raise
            except Exception:
                failed = True
            if failed:
                if stmt.handlers:
                    self.exec_block(stmt.handlers[0].body, env, mod, ctx)
            else:
                self.exec_block(stmt.orelse, env, mod, ctx)
            self.exec_block(stmt.finalbody, env, mod, ctx)
        elif t is ast.With:
            self.exec_block(stmt.body, env, mod, ctx)
        elif t is ast.Break:
            raise _Break()
        elif t is ast.Continue:
            raise _Continue()
        elif t is ast.Global:
            env.setdefault('__globals__', set()).update(stmt.names)
        elif t is ast.Nonlocal or t is ast.Pass:
            pass
        # while, raise, delete, assert: ignored

    def assign(self, target, value, env, mod, ctx):
        t = type(target)
        if t is ast.Name:
            if target.id in env.get('__globals__', ()) and mod is not None and mod.env is not None:
                mod.env[target.id] = value
            else:
                env[target.id] = value
        elif t in (ast.Tuple, ast.List):
            values = self.iterate(value)
            if len(values) == len(target.elts):
                for tt, vv in zip(target.elts, values):
                    self.assign(tt, vv, env, mod, ctx)
            else:
                for tt in target.elts:
                    self.assign(tt, UNKNOWN, env, mod, ctx)
        elif t is ast.Attribute:
            obj = self.eval(target.value, env, mod, ctx)
            if isinstance(obj, (Instance, Class, Func)):
                obj.attrs[target.attr] = value
            elif isinstance(obj, Module) and obj.env is not None:
                obj.env[target.attr] = value
            elif isinstance(obj, Opt):
                obj.attrs[target.attr] = value
            elif hasattr(obj, 'sp_setattr'):
                obj.sp_setattr(target.attr, value)
        elif t is ast.Subscript:
            obj = self.eval(target.value, env, mod, ctx)
            key = self.eval(target.slice, env, mod, ctx)
            if isinstance(obj, dict) and _hashable(key):
                obj[key] = value
            elif isinstance(obj, list) and isinstance(key, int):
                try:
                    obj[key] = value
                except IndexError:
                    pass

    def lookup(self, name, env, mod):
        if name in env:
            return env[name]
        closure = env.get('__closure__')
        while closure is not None:
            if name in closure:
                return closure[name]
            closure = closure.get('__closure__')
        if mod is not None and mod.env is not None and name in mod.env:
            return mod.env[name]
        return self.builtins.get(name, UNKNOWN)

    # ------------------------------------------------ expressions
    def truth(self, v):
        if v is UNKNOWN or isinstance(v, (Module, Func, Class, Instance, Builtin, Bound, Opt, OptGroup, ConfStub)):
            return None if v is UNKNOWN else True
        try:
            return bool(v)
        except Exception:
            return None

    def iterate(self, v):
        if isinstance(v, Stevedore):
            return list(v)
        if isinstance(v, (list, tuple, set, frozenset)):
            return list(v)
        if isinstance(v, dict):
            return list(v.keys())
        if isinstance(v, str):
            return list(v)
        return []

    def eval(self, node, env, mod, ctx):
        self.tick()
        t = type(node)
        if t is ast.Constant:
            return node.value
        if t is ast.Name:
            return self.lookup(node.id, env, mod)
        if t is ast.Attribute:
            return self.getattr(self.eval(node.value, env, mod, ctx), node.attr)
        if t is ast.Call:
            return self.eval_call(node, env, mod, ctx)
        if t is ast.List:
            return self.eval_seq(node.elts, env, mod, ctx)
        if t is ast.Tuple:
            return tuple(self.eval_seq(node.elts, env, mod, ctx))
        if t is ast.Set:
            return self.eval_seq(node.elts, env, mod, ctx)
        if t is ast.Dict:
            out = {}
            for k, v in zip(node.keys, node.values):
                if k is None:
                    d = self.eval(v, env, mod, ctx)
                    if isinstance(d, dict):
                        out.update(d)
                    continue
                kk = self.eval(k, env, mod, ctx)
                vv = self.eval(v, env, mod, ctx)
                if _hashable(kk):
                    out[kk] = vv
            return out
        if t is ast.BinOp:
            return self.binop(node.op, self.eval(node.left, env, mod, ctx), self.eval(node.right, env, mod, ctx))
        if t is ast.UnaryOp:
            v = self.eval(node.operand, env, mod, ctx)
            if isinstance(node.op, ast.USub) and isinstance(v, (int, float)):
                return -v
            if isinstance(node.op, ast.Not):
                tv = self.truth(v)
                return UNKNOWN if tv is None else (not tv)
            return UNKNOWN
        if t is ast.BoolOp:
            vals = [self.eval(v, env, mod, ctx) for v in node.values]
            if isinstance(node.op, ast.Or):
                for v in vals:
                    tv = self.truth(v)
                    if tv is None:
                        return v if v is not UNKNOWN else UNKNOWN
                    if tv:
                        return v
                return vals[-1]
            for v in vals:
                tv = self.truth(v)
                if tv is None:
                    return UNKNOWN
                if not tv:
                    return v
            return vals[-1]
        if t is ast.Compare:
            return self.compare(node, env, mod, ctx)
        if t is ast.IfExp:
            tv = self.truth(self.eval(node.test, env, mod, ctx))
            if tv is False:
                return self.eval(node.orelse, env, mod, ctx)
            return self.eval(node.body, env, mod, ctx)
        if t is ast.JoinedStr:
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                else:
                    val = self.eval(v.value, env, mod, ctx)
                    parts.append(str(val) if isinstance(val, (str, int, float)) else '{...}')
            return ''.join(parts)
        if t is ast.Subscript:
            obj = self.eval(node.value, env, mod, ctx)
            if isinstance(obj, Class):
                return obj  # a generic class parametrised: Base[T]
            key = self.eval(node.slice, env, mod, ctx)
            try:
                if isinstance(key, slice) or isinstance(obj, (list, tuple, str)) and isinstance(key, int):
                    return obj[key]
                if isinstance(obj, dict) and _hashable(key):
                    return obj.get(key, UNKNOWN)
                if hasattr(obj, 'sp_getitem'):
                    return obj.sp_getitem(self, key)
            except Exception:
                return UNKNOWN
            return UNKNOWN
        if t is ast.Slice:
            lo = self.eval(node.lower, env, mod, ctx) if node.lower else None
            hi = self.eval(node.upper, env, mod, ctx) if node.upper else None
            if all(x is None or isinstance(x, int) for x in (lo, hi)):
                return slice(lo, hi)
            return UNKNOWN
        if t in (ast.ListComp, ast.GeneratorExp, ast.SetComp):
            out = []
            self.comprehension(node.generators, 0, dict(env, __closure__=None), mod, ctx,
                               lambda e: out.append(self.eval(node.elt, e, mod, ctx)), env)
            return out
        if t is ast.DictComp:
            out = {}

            def put(e):
                k = self.eval(node.key, e, mod, ctx)
                if _hashable(k):
                    out[k] = self.eval(node.value, e, mod, ctx)
            self.comprehension(node.generators, 0, dict(env), mod, ctx, put, env)
            return out
        if t is ast.Lambda:
            return Func(node, mod, env, '<lambda>')
        if t is ast.Starred:
            return self.eval(node.value, env, mod, ctx)
        return UNKNOWN

    def comprehension(self, gens, i, env, mod, ctx, emit, outer):
        if i == len(gens):
            emit(env)
            return
        gen = gens[i]
        for item in self.iterate(self.eval(gen.iter, env, mod, ctx)):
            self.assign(gen.target, item, env, mod, ctx)
            ok = True
            for cond in gen.ifs:
                if self.truth(self.eval(cond, env, mod, ctx)) is False:
                    ok = False
                    break
            if ok:
                self.comprehension(gens, i + 1, env, mod, ctx, emit, outer)

    def eval_seq(self, elts, env, mod, ctx):
        out = []
        for e in elts:
            if isinstance(e, ast.Starred):
                out.extend(self.iterate(self.eval(e.value, env, mod, ctx)))
            else:
                out.append(self.eval(e, env, mod, ctx))
        return out

    def compare(self, node, env, mod, ctx):
        left = self.eval(node.left, env, mod, ctx)
        for op, right_node in zip(node.ops, node.comparators):
            right = self.eval(right_node, env, mod, ctx)
            if left is UNKNOWN or right is UNKNOWN:
                return UNKNOWN
            try:
                if isinstance(op, ast.Eq):
                    r = left == right
                elif isinstance(op, ast.NotEq):
                    r = left != right
                elif isinstance(op, ast.Is):
                    r = left is right
                elif isinstance(op, ast.IsNot):
                    r = left is not right
                elif isinstance(op, ast.In):
                    r = left in right
                elif isinstance(op, ast.NotIn):
                    r = left not in right
                elif isinstance(op, ast.Lt):
                    r = left < right
                elif isinstance(op, ast.Gt):
                    r = left > right
                elif isinstance(op, ast.LtE):
                    r = left <= right
                elif isinstance(op, ast.GtE):
                    r = left >= right
                else:
                    return UNKNOWN
            except Exception:
                return UNKNOWN
            if not r:
                return False
            left = right
        return True

    def binop(self, op, a, b):
        try:
            if isinstance(op, ast.Add):
                if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
                    return list(a) + list(b)
                if isinstance(a, (list, tuple)) and b is UNKNOWN:
                    return list(a)
                if a is UNKNOWN and isinstance(b, (list, tuple)):
                    return list(b)
                if isinstance(a, str) and isinstance(b, str):
                    return a + b
                if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                    return a + b
                return UNKNOWN
            if isinstance(op, ast.Mod) and isinstance(a, str):
                try:
                    return a % b
                except Exception:
                    return a
            if isinstance(op, ast.BitOr) and isinstance(a, dict) and isinstance(b, dict):
                return {**a, **b}
            if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
                if isinstance(op, ast.Mult):
                    return a * b
                if isinstance(op, ast.Sub):
                    return a - b
                if isinstance(op, ast.Div):
                    return a / b
                if isinstance(op, ast.FloorDiv):
                    return a // b
                if isinstance(op, ast.Pow) and b < 100:
                    return a ** b
                if isinstance(op, ast.LShift) and b < 100:
                    return a << b
        except Exception:
            return UNKNOWN
        return UNKNOWN

    def getattr(self, obj, attr):
        if isinstance(obj, Module):
            if obj.name + '.' + attr in self.modules and (obj.env is None or attr not in obj.env):
                return self.modules[obj.name + '.' + attr]
            if obj.env is None:
                sub = obj.name + '.' + attr
                return self.module(sub) if self.locate(sub) else UNKNOWN
            if attr in obj.env:
                return obj.env[attr]
            sub = obj.name + '.' + attr
            if self.locate(sub):
                return self.module(sub)
            return UNKNOWN
        if isinstance(obj, Instance):
            if attr in obj.attrs:
                return obj.attrs[attr]
            val, owner = obj.cls.lookup(attr)
            if isinstance(val, Func):
                if 'property' in val.decorators:
                    return self.call(Bound(val, obj, owner), [], {})
                if 'staticmethod' in val.decorators:
                    return val
                if 'classmethod' in val.decorators:
                    return Bound(val, obj.cls, owner)
                return Bound(val, obj, owner)
            return val if val is not None else UNKNOWN
        if isinstance(obj, Class):
            val, owner = obj.lookup(attr)
            if isinstance(val, Func) and 'classmethod' in val.decorators:
                return Bound(val, obj, owner)
            return val if val is not None else UNKNOWN
        if isinstance(obj, Super):
            val, owner = obj.obj_cls().lookup(attr, start_after=obj.cls) if hasattr(obj, 'obj_cls') else (None, None)
            if isinstance(val, Func):
                if 'property' in val.decorators:
                    return self.call(Bound(val, obj.obj, owner), [], {})
                return Bound(val, obj.obj, owner)
            return val if val is not None else UNKNOWN
        if isinstance(obj, Opt):
            if attr in ('name', 'dest', 'help', 'default', 'secret', 'deprecated_for_removal'):
                return getattr(obj, attr)
            if attr == 'type':
                return TypeV(obj.type)
            if attr in ('deprecated_opts',):
                return [Deprecated(n, g) for g, n in obj.deprecated]
            return obj.attrs.get(attr, UNKNOWN)
        if isinstance(obj, Func):
            return obj.attrs.get(attr, UNKNOWN)
        if isinstance(obj, OptGroup):
            if attr in ('name', 'title', 'help'):
                return getattr(obj, attr)
            return UNKNOWN
        if isinstance(obj, Deprecated):
            return getattr(obj, attr, UNKNOWN)
        if isinstance(obj, ConfStub):
            return Builtin(lambda it, a, k, _attr=attr, _obj=obj: self.conf_method(_obj, _attr, a, k), attr)
        if obj is UNKNOWN:
            if attr.startswith('register_') or attr in ('set_default', 'set_defaults'):
                return Builtin(lambda it, a, k, _attr=attr: self.conf_method(None, _attr, a, k), attr)
            return UNKNOWN
        if isinstance(obj, dict):
            if attr == 'items':
                return Builtin(lambda it, a, k: list(obj.items()), 'items')
            if attr == 'keys':
                return Builtin(lambda it, a, k: list(obj.keys()), 'keys')
            if attr == 'values':
                return Builtin(lambda it, a, k: list(obj.values()), 'values')
            if attr == 'get':
                return Builtin(lambda it, a, k: obj.get(a[0], a[1] if len(a) > 1 else None)
                               if a and _hashable(a[0]) else UNKNOWN, 'get')
            if attr == 'setdefault':
                def setdefault(it, a, k):
                    if a and _hashable(a[0]):
                        return obj.setdefault(a[0], a[1] if len(a) > 1 else None)
                    return UNKNOWN
                return Builtin(setdefault, 'setdefault')
            if attr == 'update':
                def update(it, a, k):
                    if a and isinstance(a[0], dict):
                        obj.update(a[0])
                    elif a and isinstance(a[0], list):
                        for pair in a[0]:
                            if isinstance(pair, (list, tuple)) and len(pair) == 2 and _hashable(pair[0]):
                                obj[pair[0]] = pair[1]
                    obj.update({kk: vv for kk, vv in k.items()})
                return Builtin(update, 'update')
            if attr == 'copy':
                return Builtin(lambda it, a, k: dict(obj), 'copy')
            if attr == 'pop':
                return Builtin(lambda it, a, k: obj.pop(a[0], a[1] if len(a) > 1 else None)
                               if a and _hashable(a[0]) else UNKNOWN, 'pop')
            return UNKNOWN
        if isinstance(obj, list):
            if attr == 'append':
                return Builtin(lambda it, a, k: obj.append(a[0] if a else UNKNOWN), 'append')
            if attr == 'extend':
                return Builtin(lambda it, a, k: obj.extend(self.iterate(a[0]) if a else []), 'extend')
            if attr == 'insert':
                return Builtin(lambda it, a, k: obj.insert(a[0], a[1]) if len(a) == 2 and isinstance(a[0], int)
                               else None, 'insert')
            if attr == 'remove':
                def remove(it, a, k):
                    if a and a[0] in obj:
                        obj.remove(a[0])
                return Builtin(remove, 'remove')
            if attr == 'copy':
                return Builtin(lambda it, a, k: list(obj), 'copy')
            if attr == 'sort':
                return Builtin(lambda it, a, k: None, 'sort')
            if attr == 'index':
                return Builtin(lambda it, a, k: obj.index(a[0]) if a and a[0] in obj else UNKNOWN, 'index')
            if attr == 'pop':
                return Builtin(lambda it, a, k: obj.pop(*a) if obj else UNKNOWN, 'pop')
            return UNKNOWN
        if isinstance(obj, str):
            if attr in ('replace', 'lower', 'upper', 'strip', 'format', 'join', 'split', 'startswith', 'endswith',
                        'rstrip', 'lstrip', 'title'):
                def str_method(it, a, k, _attr=attr):
                    if _attr == 'join':
                        items = self.iterate(a[0]) if a else []
                        if all(isinstance(x, str) for x in items):
                            return obj.join(items)
                        return UNKNOWN
                    if _attr == 'format':
                        try:
                            return obj.format(*[x if isinstance(x, (str, int, float)) else '...' for x in a],
                                              **{kk: (vv if isinstance(vv, (str, int, float)) else '...')
                                                 for kk, vv in k.items()})
                        except Exception:
                            return obj
                    if all(isinstance(x, (str, int)) or x is None for x in a):
                        try:
                            return getattr(obj, _attr)(*a)
                        except Exception:
                            return UNKNOWN
                    return UNKNOWN
                return Builtin(str_method, attr)
            raise AttributeError(attr)
        if isinstance(obj, TypeV):
            return getattr(obj, attr, UNKNOWN) if attr in ('choices', 'min', 'max') else UNKNOWN
        return UNKNOWN

    def conf_method(self, conf, attr, args, kwargs):
        if attr in ('register_opts', 'register_opt', 'register_cli_opts', 'register_cli_opt'):
            opts = args[0] if args else kwargs.get('opts', kwargs.get('opt'))
            group = args[1] if len(args) > 1 else kwargs.get('group')
            if isinstance(group, OptGroup):
                group = group.name
            elif not isinstance(group, str) and group is not None:
                group = UNKNOWN
            seq = opts if isinstance(opts, (list, tuple)) else [opts]
            for opt in seq:
                if isinstance(opt, Opt) and group is not UNKNOWN:
                    self.registered.append((opt, group, self.current_module.name if self.current_module else None))
            return None
        if attr == 'register_group':
            return None
        return UNKNOWN

    def eval_call(self, node, env, mod, ctx):
        func = self.eval(node.func, env, mod, ctx)
        if isinstance(node.func, ast.Name) and node.func.id == 'super' and ctx is not None:
            cls = ctx.get('cls')
            obj = ctx.get('self')
            if node.args:
                cls = self.eval(node.args[0], env, mod, ctx)
                obj = self.eval(node.args[1], env, mod, ctx) if len(node.args) > 1 else obj
            if isinstance(cls, Class):
                sup = Super(cls, obj)
                sup.obj_cls = (lambda o=obj, c=cls: o.cls if isinstance(o, Instance) else (o if isinstance(o, Class) else c))
                return sup
            return UNKNOWN
        args = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args.extend(self.iterate(self.eval(a.value, env, mod, ctx)))
            else:
                args.append(self.eval(a, env, mod, ctx))
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                d = self.eval(kw.value, env, mod, ctx)
                if isinstance(d, dict):
                    kwargs.update({k: v for k, v in d.items() if isinstance(k, str)})
            else:
                kwargs[kw.arg] = self.eval(kw.value, env, mod, ctx)
        return self.call(func, args, kwargs)

    def call(self, func, args, kwargs):
        self.tick()
        if isinstance(func, Builtin):
            try:
                return func.fn(self, args, kwargs)
            except (StepLimit, _Return):
                raise
            except Exception:
                return UNKNOWN
        if isinstance(func, Func):
            qual = '%s.%s' % (func.module.name, func.name)
            if qual in self.overrides:
                return self.overrides[qual](self, args, kwargs)
            return self.run_func(func, None, None, args, kwargs)
        if isinstance(func, Bound):
            f = func.func
            qual = '%s.%s.%s' % (f.module.name, getattr(f, 'owner', None).name if getattr(f, 'owner', None) else '',
                                 f.name)
            if qual in self.overrides:
                return self.overrides[qual](self, [func.self_obj] + list(args), kwargs)
            if 'staticmethod' in f.decorators:
                return self.run_func(f, None, func.cls, args, kwargs)
            return self.run_func(f, func.self_obj, func.cls, [func.self_obj] + list(args), kwargs)
        if isinstance(func, Class):
            qual = '%s.%s' % (func.module.name, func.name)
            if qual in self.overrides:
                return self.overrides[qual](self, args, kwargs)
            inst = Instance(func)
            init, owner = func.lookup('__init__')
            if isinstance(init, Func):
                self.run_func(init, inst, owner, [inst] + list(args), kwargs)
            return inst
        return UNKNOWN

    def run_func(self, func, self_obj, cls, args, kwargs):
        node = func.node
        env = {}
        if func.closure is not None:
            env['__closure__'] = func.closure
        a = node.args
        positional = list(getattr(a, 'posonlyargs', [])) + list(a.args)
        defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
        for i, (param, default) in enumerate(zip(positional, defaults)):
            if i < len(args):
                env[param.arg] = args[i]
            elif param.arg in kwargs:
                env[param.arg] = kwargs.pop(param.arg)
            elif default is not None:
                env[param.arg] = self.eval(default, env, func.module, None)
            else:
                env[param.arg] = UNKNOWN
        if a.vararg:
            env[a.vararg.arg] = list(args[len(positional):])
        for param, default in zip(a.kwonlyargs, a.kw_defaults):
            if param.arg in kwargs:
                env[param.arg] = kwargs.pop(param.arg)
            else:
                env[param.arg] = self.eval(default, env, func.module, None) if default is not None else UNKNOWN
        if a.kwarg:
            env[a.kwarg.arg] = dict(kwargs)
        ctx = {'self': self_obj, 'cls': cls}
        if isinstance(node, ast.Lambda):
            return self.eval(node.body, env, func.module, ctx)
        saved = self.current_module
        self.current_module = func.module
        try:
            self.exec_block(node.body, env, func.module, ctx)
        except _Return as r:
            return r.value
        except (StepLimit, RecursionError):
            raise
        except (_Break, _Continue):
            return UNKNOWN
        except Exception:
            return UNKNOWN
        finally:
            self.current_module = saved
        return None

    # ------------------------------------------------ builtins
    def _builtins(self):
        def b_list(it, a, k):
            return list(self.iterate(a[0])) if a else []

        def b_tuple(it, a, k):
            return tuple(self.iterate(a[0])) if a else ()

        def b_dict(it, a, k):
            out = {}
            if a:
                if isinstance(a[0], dict):
                    out.update(a[0])
                else:
                    for pair in self.iterate(a[0]):
                        if isinstance(pair, (list, tuple)) and len(pair) == 2 and _hashable(pair[0]):
                            out[pair[0]] = pair[1]
            out.update(k)
            return out

        def b_sorted(it, a, k):
            items = self.iterate(a[0]) if a else []
            try:
                return sorted(items)
            except Exception:
                return items

        def b_zip(it, a, k):
            return [tuple(x) for x in zip(*[self.iterate(x) for x in a])]

        def b_enumerate(it, a, k):
            return list(enumerate(self.iterate(a[0]))) if a else []

        py = {'str': str, 'int': int, 'bool': bool, 'float': float, 'list': list, 'tuple': tuple, 'dict': dict}

        def b_isinstance(it, a, k):
            if len(a) != 2 or a[0] is UNKNOWN:
                return UNKNOWN
            kinds = a[1] if isinstance(a[1], (list, tuple)) else [a[1]]
            answer = False
            for kind in kinds:
                if isinstance(kind, Builtin) and kind.name in py:
                    if isinstance(a[0], py[kind.name]):
                        return True
                elif isinstance(kind, Class) and isinstance(a[0], Instance):
                    if kind in a[0].cls.mro():
                        return True
                elif isinstance(kind, Class) and isinstance(a[0], (str, int, float, list, dict, tuple)):
                    continue
                else:
                    answer = UNKNOWN
            return answer

        def b_getattr(it, a, k):
            if len(a) >= 2 and isinstance(a[1], str):
                v = self.getattr(a[0], a[1])
                if v is UNKNOWN and len(a) > 2:
                    return a[2]
                return v
            return UNKNOWN

        def b_range(it, a, k):
            if all(isinstance(x, int) for x in a) and a:
                r = range(*a)
                if len(r) < 10000:
                    return list(r)
            return UNKNOWN

        def b_str(it, a, k):
            if not a:
                return ''
            return a[0] if isinstance(a[0], str) else (str(a[0]) if isinstance(a[0], (int, float)) else UNKNOWN)

        def chain(it, a, k):
            out = []
            for x in a:
                out.extend(self.iterate(x))
            return out

        def from_iterable(it, a, k):
            out = []
            for x in self.iterate(a[0]) if a else []:
                out.extend(self.iterate(x))
            return out

        def b_map(it, a, k):
            if len(a) == 2:
                return [self.call(a[0], [x], {}) for x in self.iterate(a[1])]
            return UNKNOWN

        def b_filter(it, a, k):
            return UNKNOWN

        def b_len(it, a, k):
            try:
                return len(a[0])
            except Exception:
                return UNKNOWN

        def b_all(it, a, k):
            result = True
            for x in self.iterate(a[0]) if a else []:
                tv = self.truth(x)
                if tv is False:
                    return False
                if tv is None:
                    result = UNKNOWN
            return result

        def b_any(it, a, k):
            result = False
            for x in self.iterate(a[0]) if a else []:
                tv = self.truth(x)
                if tv is True:
                    return True
                if tv is None:
                    result = UNKNOWN
            return result

        identity = Builtin(lambda it, a, k: a[0] if a else UNKNOWN, 'identity')
        out = {
            'list': Builtin(b_list, 'list'), 'tuple': Builtin(b_tuple, 'tuple'), 'dict': Builtin(b_dict, 'dict'),
            'set': Builtin(b_list, 'set'), 'frozenset': Builtin(b_list, 'frozenset'),
            'sorted': Builtin(b_sorted, 'sorted'), 'zip': Builtin(b_zip, 'zip'),
            'enumerate': Builtin(b_enumerate, 'enumerate'), 'isinstance': Builtin(b_isinstance, 'isinstance'),
            'getattr': Builtin(b_getattr, 'getattr'), 'range': Builtin(b_range, 'range'),
            'str': Builtin(b_str, 'str'), 'int': Builtin(lambda it, a, k: UNKNOWN, 'int'),
            'bool': Builtin(lambda it, a, k: UNKNOWN, 'bool'), 'float': Builtin(lambda it, a, k: UNKNOWN, 'float'),
            'len': Builtin(b_len, 'len'), 'all': Builtin(b_all, 'all'), 'any': Builtin(b_any, 'any'), 'map': Builtin(b_map, 'map'), 'filter': Builtin(b_filter, 'filter'),
            'True': True, 'False': False, 'None': None, 'object': Class('object', [], Module('builtins')),
            'Exception': Class('Exception', [], Module('builtins')),
            'property': identity, 'staticmethod': identity, 'classmethod': identity,
            'reversed': Builtin(lambda it, a, k: list(reversed(self.iterate(a[0]))) if a else [], 'reversed'),
            '_': identity, '_LW': identity, '_LE': identity, '_LI': identity,
            'unicode': Builtin(b_str, 'unicode'),
        }
        import_modules = {
            'itertools': {'chain': Builtin(chain, 'chain')},
            'copy': {'deepcopy': identity, 'copy': identity},
            'functools': {},
        }
        out['itertools'] = UNKNOWN
        chain_b = Builtin(chain, 'chain')
        chain_b_from = Builtin(from_iterable, 'from_iterable')
        self._chain = (chain_b, chain_b_from)
        for name, env in import_modules.items():
            m = Module(name, env)
            m.loaded = True
            self.modules[name] = m
        # itertools.chain.from_iterable: chain is a Builtin; expose attribute via a small class
        chain_cls = Class('chain', [], self.modules['itertools'])
        chain_cls.attrs['from_iterable'] = chain_b_from
        self.modules['itertools'].env['chain'] = _CallableClass(chain_cls, chain)
        for n in ('str', 'int', 'bool', 'float'):
            out[n] = Builtin(out[n].fn, n)
        return out


class _CallableClass(Builtin):
    """A builtin that also has attributes (itertools.chain and chain.from_iterable)."""

    def __init__(self, cls, fn):
        super().__init__(fn, cls.name)
        self.cls = cls


_orig_getattr = Interp.getattr


def _getattr_with_callables(self, obj, attr):
    if hasattr(obj, 'sp_getattr'):
        return obj.sp_getattr(self, attr)
    if isinstance(obj, _CallableClass):
        return obj.cls.attrs.get(attr, UNKNOWN)
    return _orig_getattr(self, obj, attr)


Interp.getattr = _getattr_with_callables


def _hashable(v):
    try:
        hash(v)
        return True
    except TypeError:
        return False


def parse_lenient(src):
    """Parses Python 3, or Python 2 of 2013-2015 after _py2_fix; a line that still does not parse
    (`raise E, v, tb`, `print >>f, x`) becomes `pass`, which loses nothing declared at module level."""
    try:
        return ast.parse(src)
    except SyntaxError:
        pass
    lines = _py2_fix(src).split('\n')
    for _ in range(400):
        try:
            return ast.parse('\n'.join(lines))
        except SyntaxError as exc:
            n = (exc.lineno or 0) - 1
            if n < 0 or n >= len(lines):
                return None
            line = lines[n]
            indent = line[:len(line) - len(line.lstrip())]
            replacement = indent + 'pass'
            if lines[n] == replacement:
                return None
            lines[n] = replacement
    return None


def _py2_fix(src):
    """Just enough to parse Python 2 sources of 2013-2015: print statements, `except X, e`, octal and ur''."""
    import re
    src = re.sub(r'^(\s*)print\s+(?!\()(.*)$', r'\1print(\2)', src, flags=re.M)
    src = re.sub(r'except\s+([\w\.\(\), ]+?)\s*,\s*(\w+)\s*:', r'except \1 as \2:', src)
    src = re.sub(r'\b0([0-7]+)\b', r'0o\1', src)
    src = re.sub(r'\bur(["\'])', r'u\1', src)
    src = re.sub(r'(\d+)L\b', r'\1', src)
    src = re.sub(r'^(\s*)exec\s+(.*)$', r'\1pass', src, flags=re.M)
    src = re.sub(r'raise\s+(\w[\w\.]*)\s*,\s*(.+)$', r'raise \1(\2)', src, flags=re.M)
    # `async` became a keyword in Python 3.7 (glance.async, oslo.db's enginefacade.async)
    src = re.sub(r'\basync\b(?!\s+(def|with|for)\b)', 'async_', src)
    return src


