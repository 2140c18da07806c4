"""Run one vendor's whole campaign flow over its generated client, and carry on after a failure.

The flows differ per vendor (CallKaro: a campaign, then one call per contact;
Autocalls: a campaign, one lead per contact, then start it; Ravan: the
campaign, then its follow-up; Volubile: one request).  Each vendor module's
``FLOW`` says which requests, in which order, and where each response holds
the id the vendor gave; :class:`Launch` walks it, recording every request the
vendor accepted.  A failure raises :class:`LaunchError` listing what succeeded
(ids included) and the step that failed; ``resume`` sends only what the vendor
has not accepted, so a campaign is never created twice and a contact never
dialled twice.  A step whose outcome is unknown (a timeout, a 5xx, an answer
that does not parse) is not resent unless the caller says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._convert import Adjustment, ConversionError

__all__ = [
    "AsyncDialer",
    "Dialer",
    "DialerError",
    "Flow",
    "FlowStep",
    "Launch",
    "LaunchError",
    "LaunchStatus",
    "ProgressRule",
    "StepRecord",
]

Uncertain = Literal["error", "retry", "skip"]
Outcome = Literal["not sent", "refused", "uncertain"]


class DialerError(Exception):
    """What a dialer cannot do for this vendor (an unknown vendor, a read the vendor does not offer)."""


@dataclass(frozen=True)
class FlowStep:
    """One kind of request of a flow."""

    operation: str
    attribute: str
    """The conversion result's attribute holding this request's body (a list for ``each``)."""
    resource: str
    method: str
    path: tuple[str, ...] = ()
    """Wire names of the path parameters, in order; a follow-up's default to the campaign id."""
    keywords: tuple[tuple[str, str], ...] = ()
    """(request model field, argument name) of the body's fields: the method's keyword arguments."""
    whole_body: bool = False
    """The body is one value (not an object of fields), passed as ``body=``."""
    each: bool = False
    id_at: str | None = None
    creates_call: bool = False
    """The id it returns is a call's (results name it as their call id)."""


@dataclass(frozen=True)
class ProgressRule:
    """Where a vendor's campaign read holds its state and counts (see ``progress`` in specs/mapping.yaml)."""

    state: str
    states: tuple[tuple[str, str], ...]
    """(wire value, CampaignState value)."""
    counts: tuple[tuple[str, str], ...]
    """(CampaignProgress count, wire path)."""
    at: str = ""


@dataclass(frozen=True)
class Flow:
    """A vendor's campaign flow, computed from specs/mapping.yaml and the vendor's client."""

    vendor: str
    convert: Callable[..., Any]
    create: tuple[FlowStep, ...]
    follow: tuple[FlowStep, ...]
    errors: tuple[type[Exception], tuple[type[Exception], ...]]
    """The client's status error (``status_code``), and the errors raised before anything is sent."""
    start: FlowStep | None = None
    start_state: str | None = None
    start_convert: Callable[..., Any] | None = None
    start_model: Any = None
    """The canonical StatusChange model the start is converted from."""
    read: FlowStep | None = None
    read_convert: Callable[[Any], Any] | None = None
    progress_step: FlowStep | None = None
    progress: ProgressRule | None = None
    progress_model: Any = None
    """The canonical CampaignProgress model."""
    progress_reason: str = ""
    """Why ``status`` cannot tell this vendor's campaign progress ("" when it can)."""
    status_reason: str = ""
    """Why ``status`` cannot read the campaign back from this vendor ("" when it can)."""
    results_reason: str = ""
    """Why results cannot be matched to a launch by campaign id ("" when they can)."""
    campaign_id_type: type = str


@dataclass(frozen=True)
class StepRecord:
    """A request the vendor accepted: which, for which contact, and the id it returned."""

    operation: str
    index: int | None
    """The contact's position in ``campaign.contacts`` for per-contact requests."""
    id: str | None


@dataclass(frozen=True)
class _Request:
    step: FlowStep
    index: int | None
    body: Any
    arguments: tuple[str, ...]


@dataclass
class Launch:
    """One campaign launched (or being launched) on one vendor: the handle ``launch`` returns."""

    vendor: str
    campaign: Any
    conversion: Any = field(repr=False)
    flow: Flow = field(repr=False)
    campaign_id: str | None = None
    steps: list[StepRecord] = field(default_factory=list)
    failure: tuple[str, int | None, Outcome] | None = None
    _follow: Any = field(default=None, repr=False)
    _start: Any = field(default=None, repr=False)

    @property
    def adjustments(self) -> tuple[Adjustment, ...]:
        """What the conversions (the campaign, its follow-ups, its start) dropped or clamped."""
        found: tuple[Adjustment, ...] = self.conversion.adjustments
        for later in (self._follow, self._start):
            found += later.adjustments if later is not None else ()
        return found

    @property
    def complete(self) -> bool:
        """Every request of the flow was accepted."""
        return self.failure is None and self._next() is None

    def _done(self, operation: str, index: int | None) -> bool:
        return any(s.operation == operation and s.index == index for s in self.steps)

    def _requests(self, step: FlowStep, result: Any) -> Iterator[_Request]:
        bodies = getattr(result, step.attribute)
        items = list(enumerate(bodies)) if step.each else [(None, bodies)]
        known = result.path.get(step.operation, {})
        arguments = tuple(str(known.get(name, self.campaign_id)) for name in step.path)
        for index, body in items:
            if body is not None:
                yield _Request(step, index, body, arguments)

    def _next(self) -> _Request | None:
        """The first request of the flow the vendor has not accepted yet."""
        for step in self.flow.create:
            for request in self._requests(step, self.conversion):
                if not self._done(step.operation, request.index):
                    return request
        if self.flow.follow:
            if self._follow is None:
                self._follow = self.conversion.follow_ups(_campaign_id_value(self))
            for step in self.flow.follow:
                for request in self._requests(step, self._follow):
                    if not self._done(step.operation, request.index):
                        return request
        start = self.flow.start
        if start is not None and self.flow.start_convert is not None:
            if self._start is None:
                self._start = self.flow.start_convert(_status_change(self))
            for request in self._requests(start, self._start):
                if not self._done(start.operation, request.index):
                    return request
        return None

    def _accepted(self, request: _Request, response: Any) -> None:
        found = _at(_plain(response), request.step.id_at) if request.step.id_at else None
        if request.step in self.flow.create[:1] and request.step.id_at:
            if found is None:
                self.steps.append(StepRecord(request.step.operation, request.index, None))
                raise self._error(
                    request,
                    "uncertain",
                    f"the response holds no campaign id at {request.step.id_at}: "
                    "resume(campaign_id=...) once you know it",
                )
            self.campaign_id = str(found)
        self.steps.append(
            StepRecord(request.step.operation, request.index, None if found is None else str(found))
        )
        self.failure = None

    def _error(self, request: _Request, outcome: Outcome, reason: str) -> LaunchError:
        self.failure = (request.step.operation, request.index, outcome)
        return LaunchError(self, request.step.operation, request.index, outcome, reason)

    def _classify(self, request: _Request, exc: Exception) -> LaunchError:
        status, unsent = self.flow.errors
        if isinstance(exc, (ConversionError, *unsent)):
            return self._error(request, "not sent", str(exc))
        if isinstance(exc, status):
            code = int(getattr(exc, "status_code", 0))
            return self._error(request, "refused" if code < 500 else "uncertain", str(exc))
        return self._error(request, "uncertain", f"{type(exc).__name__}: {exc}")

    def _prepare_resume(self, uncertain: Uncertain, campaign_id: str | int | None) -> None:
        if campaign_id is not None and self.campaign_id is None:
            self.campaign_id = str(campaign_id)
            first = self.flow.create[0]
            self.steps = [s for s in self.steps if s.operation != first.operation]
            self.steps.insert(0, StepRecord(first.operation, None, self.campaign_id))
            self.failure = None
        if self.campaign_id is None and any(s.operation == self.flow.create[0].operation for s in self.steps):
            raise DialerError(
                f"{self.vendor}: the campaign was created but its id is unknown: resume(launch, campaign_id=...)"
            )
        if self.failure is None or self.failure[2] != "uncertain":
            self.failure = None
            return
        operation, index, _ = self.failure
        if uncertain == "error":
            raise LaunchError(
                self,
                operation,
                index,
                "uncertain",
                "the vendor may have accepted it: check at the vendor, then resume(uncertain='retry') to send it "
                "again or resume(uncertain='skip') to count it as accepted",
            )
        if uncertain == "skip":
            if self.campaign_id is None:
                raise DialerError("skipping the campaign's creation needs its id: resume(campaign_id=...)")
            self.steps.append(StepRecord(operation, index, None))
        self.failure = None


class LaunchError(DialerError):
    """A launch stopped half-way: what the vendor accepted, and the step that failed."""

    def __init__(
        self, launch: Launch, operation: str, index: int | None, outcome: Outcome, reason: str
    ) -> None:
        self.launch = launch
        self.operation = operation
        self.index = index
        self.outcome = outcome
        done = "; ".join(_describe(s) for s in launch.steps) or "nothing"
        which = f"{operation} (contact {index})" if index is not None else operation
        super().__init__(
            f"{launch.vendor}: {which} failed ({outcome}: {reason}). Accepted so far: {done}. "
            "Call resume(launch) to carry on: accepted requests are not sent again."
        )


@dataclass(frozen=True)
class LaunchStatus:
    """Where a launch stands, and the campaign as the vendor holds it now (where it can be read)."""

    vendor: str
    campaign_id: str | None
    complete: bool
    steps: tuple[StepRecord, ...]
    campaign: Any
    """The canonical Campaign read back from the vendor, or None (``reason`` says why)."""
    reason: str
    progress: Any = None
    """The canonical CampaignProgress (state and counts), or None (``progress_reason`` says why)."""
    progress_reason: str = ""


def _describe(step: StepRecord) -> str:
    contact = f" contact {step.index}" if step.index is not None else ""
    return f"{step.operation}{contact}" + (f" -> {step.id}" if step.id is not None else "")


def _plain(response: Any) -> Any:
    dump = getattr(response, "model_dump", None)
    return dump(mode="json", by_alias=True) if dump is not None else response


def _at(value: Any, path: str) -> Any:
    for name in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _campaign_id_value(launch: Launch) -> Any:
    """The campaign id as the follow-up requests take it (an int where the vendor's ids are ints)."""
    assert launch.campaign_id is not None
    if launch.flow.campaign_id_type is int and launch.campaign_id.isdigit():
        return int(launch.campaign_id)
    return launch.campaign_id


def _status_change(launch: Launch) -> Any:
    values = {"campaign_id": str(launch.campaign_id), "status": launch.flow.start_state}
    return launch.flow.start_model.model_validate(values)


def _progress(launch: Launch, rule: ProgressRule, response: Any) -> Any:
    """The canonical CampaignProgress a campaign read holds; unlisted states are kept raw, with a note."""
    campaign = _at(_plain(response), rule.at) if rule.at else _plain(response)
    values: dict[str, Any] = {"vendor": launch.vendor, "campaign_id": launch.campaign_id, "notes": []}
    raw = _at(campaign, rule.state)
    if raw is not None:
        values["vendor_state"] = str(raw)
        state = dict(rule.states).get(str(raw))
        if state is None:
            values["notes"].append(f"state: {raw!r} is not in {launch.vendor}'s documented states")
        else:
            values["state"] = state
    for name, wire in rule.counts:
        found = _at(campaign, wire)
        if found is not None:
            values[name] = found
    try:
        return launch.flow.progress_model.model_validate(values)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConversionError("campaign_progress", launch.vendor, str(exc).splitlines()[0]) from None


def _flow(vendor: str) -> Flow:
    from . import _vendor_module  # noqa: PLC0415 - names the extra to install when the client is missing

    module = _vendor_module(vendor)
    found: Flow | None = module.FLOW
    if found is None:
        raise DialerError(f"{vendor}: no campaign flow: {module.FLOW_REASON}")
    return found


def _bound(client: Any, step: FlowStep) -> Callable[..., Any]:
    method: Callable[..., Any] = getattr(getattr(client, step.resource), step.method)
    return method


def _sent(client: Any, request: _Request) -> Any:
    """Call the request's client method (an awaitable for the async client) with its body."""
    method = _bound(client, request.step)
    if request.step.whole_body:
        return method(*request.arguments, body=request.body)
    return method(*request.arguments, **_keyword_arguments(request.step, request.body))


def _keyword_arguments(step: FlowStep, body: Any) -> dict[str, Any]:
    """A converted request model as its method's keyword arguments: each field it set, by argument name.

    Keys the model holds beyond its fields (a schema open to any key) go as ``extra_body``.
    """
    argument = dict(step.keywords)
    extra = body.model_extra or {}
    fields = sorted(body.model_fields_set - set(extra))
    unknown = [name for name in fields if name not in argument]
    if unknown:  # the flow and the client were generated apart: say so rather than drop a value
        raise TypeError(f"{step.operation}: {step.method}() takes no argument for the field(s) {unknown}")
    given = {argument[name]: getattr(body, name) for name in fields}
    if extra:
        given["extra_body"] = dict(extra)
    return given


class _Base:
    def __init__(self, vendor: str, client: Any) -> None:
        self.vendor = vendor
        self.client = client
        self.flow = _flow(vendor)

    def _new(self, campaign: Any, on_unsupported: str) -> Launch:
        conversion = self.flow.convert(campaign, on_unsupported=on_unsupported)
        return Launch(self.vendor, campaign, conversion, self.flow)

    def _reads(self, launch: Launch) -> list[FlowStep]:
        """The GETs ``status`` sends: the campaign read and the progress read, once each."""
        if launch.campaign_id is None:
            return []
        steps = [s for s in (self.flow.read, self.flow.progress_step) if s is not None]
        return [s for i, s in enumerate(steps) if s.operation not in {t.operation for t in steps[:i]}]

    def _status(self, launch: Launch, responses: dict[str, Any]) -> LaunchStatus:
        flow = self.flow
        unread = "the campaign was not created" if launch.campaign_id is None else ""
        campaign = None
        if flow.read is not None and flow.read_convert is not None and flow.read.operation in responses:
            campaign = flow.read_convert(responses[flow.read.operation])
        progress = None
        step, rule = flow.progress_step, flow.progress
        if step is not None and rule is not None and step.operation in responses:
            progress = _progress(launch, rule, responses[step.operation])
        return LaunchStatus(
            launch.vendor,
            launch.campaign_id,
            launch.complete,
            tuple(launch.steps),
            campaign,
            "" if campaign is not None else unread or flow.status_reason,
            progress,
            "" if progress is not None else unread or flow.progress_reason,
        )

    def results(self, launch: Launch, received: Sequence[Any]) -> list[Any]:
        """The call results among ``received`` (CallResults or webhook events) that belong to this launch.

        A result belongs to it when it names the launch's campaign, or a call id a step returned.

        Raises:
            DialerError: this vendor's results do not say which campaign they belong to.

        """
        results = [getattr(item, "result", item) for item in received]
        calls = {s.id for s in launch.steps if s.id is not None and self._creates_call(s.operation)}
        if self.flow.results_reason and not calls:
            raise DialerError(
                f"{self.vendor}: results cannot be matched to a launch: {self.flow.results_reason}"
            )
        return [
            r
            for r in results
            if r.vendor == self.vendor
            and ((r.campaign_id is not None and r.campaign_id == launch.campaign_id) or r.call_id in calls)
        ]

    def _creates_call(self, operation: str) -> bool:
        return any(
            s.operation == operation and s.creates_call for s in (*self.flow.create, *self.flow.follow)
        )


class Dialer(_Base):
    """Launch canonical campaigns on one vendor through its (synchronous) generated client."""

    def launch(self, campaign: Any, *, on_unsupported: str = "error") -> Launch:
        """Run the vendor's whole flow for ``campaign``.

        Raises:
            LaunchError: a step failed; ``error.launch`` holds what was accepted, for ``resume``.
            UnsupportedValue: a value the vendor cannot hold (nothing was sent).

        """
        launch = self._new(campaign, on_unsupported)
        return self._run(launch)

    def resume(
        self, launch: Launch, *, uncertain: Uncertain = "error", campaign_id: str | int | None = None
    ) -> Launch:
        """Carry on after a :class:`LaunchError`, sending only what the vendor has not accepted."""
        launch._prepare_resume(uncertain, campaign_id)
        return self._run(launch)

    def _run(self, launch: Launch) -> Launch:
        while True:
            try:
                request = launch._next()
            except ConversionError as exc:
                launch.failure = ("follow-ups", None, "not sent")
                raise LaunchError(launch, "follow-ups", None, "not sent", str(exc)) from exc
            if request is None:
                return launch
            try:
                response = _sent(self.client, request)
            except Exception as exc:
                raise launch._classify(request, exc) from exc
            launch._accepted(request, response)

    def status(self, launch: Launch) -> LaunchStatus:
        """Where the launch stands: the campaign and its progress as the vendor holds them, where it can say.

        Raises:
            ConversionError: the vendor returned a value the canonical models cannot hold.

        """
        responses: dict[str, Any] = {}
        for step in self._reads(launch):
            responses[step.operation] = _bound(self.client, step)(launch.campaign_id)
        return self._status(launch, responses)


class AsyncDialer(_Base):
    """Launch canonical campaigns on one vendor through its asynchronous generated client."""

    async def launch(self, campaign: Any, *, on_unsupported: str = "error") -> Launch:
        """Run the vendor's whole flow for ``campaign`` (see :meth:`Dialer.launch`)."""
        launch = self._new(campaign, on_unsupported)
        return await self._run(launch)

    async def resume(
        self, launch: Launch, *, uncertain: Uncertain = "error", campaign_id: str | int | None = None
    ) -> Launch:
        """Carry on after a :class:`LaunchError` (see :meth:`Dialer.resume`)."""
        launch._prepare_resume(uncertain, campaign_id)
        return await self._run(launch)

    async def _run(self, launch: Launch) -> Launch:
        while True:
            try:
                request = launch._next()
            except ConversionError as exc:
                launch.failure = ("follow-ups", None, "not sent")
                raise LaunchError(launch, "follow-ups", None, "not sent", str(exc)) from exc
            if request is None:
                return launch
            try:
                response = await _sent(self.client, request)
            except Exception as exc:
                raise launch._classify(request, exc) from exc
            launch._accepted(request, response)

    async def status(self, launch: Launch) -> LaunchStatus:
        """Where the launch stands (see :meth:`Dialer.status`)."""
        responses: dict[str, Any] = {}
        for step in self._reads(launch):
            responses[step.operation] = await _bound(self.client, step)(launch.campaign_id)
        return self._status(launch, responses)
